//! Use of Force incidents: the FBI collection's vocabularies, the document an officer fills
//! in, the federal qualification rule and the federal export structure.
//!
//! The elements and their values follow the FBI National Use-of-Force Data Collection
//! (see `reference/uof-data-elements.md` in the design notes; tags such as `[U-6]` name its
//! sources). Where the FBI's enumeration is only partly published, the published values are
//! given, with `other`/`unknown` where the FBI accepts them.

use serde::{Deserialize, Serialize};
use time::Date;
use uuid::Uuid;

/// A vocabulary of the FBI collection: as `vocabulary!`, with the FBI's code for each value
/// where the sources give one.
macro_rules! coded_enum {
    ($(#[doc = $doc:literal])* $name:ident { $($variant:ident = $wire:literal, $label:literal $(, $fbi:literal)?;)+ }) => {
        vocabulary! {
            $(#[doc = $doc])*
            $name { $($variant = $wire, $label;)+ }
        }

        impl $name {
            /// The FBI's code for the value, where the sources give one.
            pub fn fbi_code(self) -> Option<&'static str> {
                match self { $($name::$variant => None $(.or(Some($fbi)))?,)+ }
            }
        }
    };
}

coded_enum! {
    /// Where an incident stands. Draft → submitted (with the attestation) → reviewed →
    /// closed; a reviewer may return a submitted or reviewed incident to its author; a closed
    /// incident changes only by amendment.
    IncidentStatus {
        Draft = "draft", "Draft";
        Submitted = "submitted", "Submitted";
        Reviewed = "reviewed", "Reviewed";
        Closed = "closed", "Closed";
    }
}

coded_enum! {
    /// A yes/no question, where "unknown and unlikely to ever be known" is an accepted answer
    /// [U-9, U-8].
    YesNoUnknown {
        Yes = "yes", "Yes";
        No = "no", "No";
        Unknown = "unknown", "Unknown and unlikely to ever be known";
    }
}

coded_enum! {
    /// Location type: the NIBRS location codes the FBI collection uses, classified by the
    /// place's function at the time [U-16].
    LocationType {
        AirBusTrainTerminal = "air_bus_train_terminal", "Air/bus/train terminal", "01";
        BankSavingsLoan = "bank_savings_loan", "Bank/savings and loan", "02";
        BarNightclub = "bar_nightclub", "Bar/nightclub", "03";
        PlaceOfWorship = "place_of_worship", "Church/synagogue/temple/mosque", "04";
        CommercialOfficeBuilding = "commercial_office_building", "Commercial/office building", "05";
        ConstructionSite = "construction_site", "Construction site", "06";
        ConvenienceStore = "convenience_store", "Convenience store", "07";
        DepartmentDiscountStore = "department_discount_store", "Department/discount store", "08";
        DrugStoreDoctorHospital = "drug_store_doctor_hospital", "Drug store/doctor's office/hospital", "09";
        FieldWoods = "field_woods", "Field/woods", "10";
        GovernmentPublicBuilding = "government_public_building", "Government/public building", "11";
        GrocerySupermarket = "grocery_supermarket", "Grocery/supermarket", "12";
        HighwayRoadStreet = "highway_road_street", "Highway/road/alley/street/sidewalk", "13";
        HotelMotel = "hotel_motel", "Hotel/motel/etc.", "14";
        JailPrison = "jail_prison", "Jail/prison/penitentiary/corrections facility", "15";
        LakeWaterwayBeach = "lake_waterway_beach", "Lake/waterway/beach", "16";
        LiquorStore = "liquor_store", "Liquor store", "17";
        ParkingLotGarage = "parking_lot_garage", "Parking/drop lot/garage", "18";
        RentalStorage = "rental_storage", "Rental storage facility", "19";
        ResidenceHome = "residence_home", "Residence/home", "20";
        Restaurant = "restaurant", "Restaurant", "21";
        ServiceGasStation = "service_gas_station", "Service/gas station", "23";
        SpecialtyStore = "specialty_store", "Specialty store", "24";
        Other = "other", "Other", "25";
        AbandonedStructure = "abandoned_structure", "Abandoned/condemned structure", "37";
        AmusementPark = "amusement_park", "Amusement park", "38";
        ArenaStadium = "arena_stadium", "Arena/stadium/fairgrounds/coliseum", "39";
        AtmSeparateFromBank = "atm_separate_from_bank", "ATM separate from bank", "40";
        AutoDealership = "auto_dealership", "Auto dealership new/used", "41";
        CampCampground = "camp_campground", "Camp/campground", "42";
        DaycareFacility = "daycare_facility", "Daycare facility", "44";
        DockWharfTerminal = "dock_wharf_terminal", "Dock/wharf/freight/modal terminal", "45";
        FarmFacility = "farm_facility", "Farm facility", "46";
        GamblingFacility = "gambling_facility", "Gambling facility/casino/race track", "47";
        IndustrialSite = "industrial_site", "Industrial site", "48";
        MilitaryInstallation = "military_installation", "Military installation", "49";
        ParkPlayground = "park_playground", "Park/playground", "50";
        RestArea = "rest_area", "Rest area", "51";
        SchoolCollege = "school_college", "School–college/university", "52";
        SchoolElementarySecondary = "school_elementary_secondary", "School–elementary/secondary", "53";
        ShelterMissionHomeless = "shelter_mission_homeless", "Shelter–mission/homeless", "54";
        ShoppingMall = "shopping_mall", "Shopping mall", "55";
        TribalLands = "tribal_lands", "Tribal lands", "56";
        CommunityCenter = "community_center", "Community center", "57";
    }
}

coded_enum! {
    /// Reason for the initial contact: the categories of the FBI's releases [U-8]. The most
    /// serious offense is asked only for unlawful or suspicious activity [U-6].
    ContactReason {
        UnlawfulSuspiciousActivity = "unlawful_suspicious_activity", "Responding to unlawful or suspicious activity";
        TrafficStop = "traffic_stop", "Traffic stop";
        WarrantCourtOrder = "warrant_court_order", "Warrant service / court order";
        MedicalMentalHealthWelfare = "medical_mental_health_welfare", "Medical, mental health, or welfare check";
        RoutinePatrol = "routine_patrol", "Routine patrol other than a traffic stop";
        FollowUpInvestigation = "follow_up_investigation", "Follow-up investigation";
        Unknown = "unknown", "Unknown and unlikely to ever be known";
    }
}

coded_enum! {
    /// Type of force used on a subject: the types the FBI's releases name [U-8].
    ForceType {
        Firearm = "firearm", "Firearm";
        HandsFistsFeet = "hands_fists_feet", "Hands, fists, or feet";
        ElectronicControlDevice = "electronic_control_device", "Electronic control device";
        Canine = "canine", "Canine";
        Other = "other", "Other";
    }
}

coded_enum! {
    /// Type of resistance by a subject: the types the FBI's releases name [U-8].
    Resistance {
        FailedToComply = "failed_to_comply", "Failing to comply with verbal commands / other passive resistance";
        DisplayedWeapon = "displayed_weapon", "Displaying a weapon at an officer or another person";
        AttemptedToFlee = "attempted_to_flee", "Attempting to escape or flee custody";
        UsedFirearm = "used_firearm", "Using a firearm against an officer or another person";
        ResistedHandcuffing = "resisted_handcuffing", "Resisting being handcuffed or arrested";
    }
}

coded_enum! {
    /// An injury received. The serious ones are the parts of serious bodily injury as the
    /// collection defines it after 18 U.S.C. 2246(4): substantial risk of death,
    /// unconsciousness, protracted and obvious disfigurement, protracted loss or impairment of
    /// a bodily member, organ or mental faculty [U-4, U-11].
    Injury {
        Death = "death", "Death";
        SubstantialRiskOfDeath = "substantial_risk_of_death", "Injury with a substantial risk of death";
        Unconsciousness = "unconsciousness", "Unconsciousness";
        ProtractedDisfigurement = "protracted_disfigurement", "Protracted and obvious disfigurement";
        ProtractedLossOfFunction = "protracted_loss_of_function", "Protracted loss or impairment of a bodily member, organ or mental faculty";
        Minor = "minor", "Apparent minor injury";
        None = "none", "No apparent injury";
    }
}

impl Injury {
    /// Serious bodily injury, one of the collection's qualifying criteria [U-4].
    pub fn is_serious(self) -> bool {
        matches!(
            self,
            Injury::SubstantialRiskOfDeath
                | Injury::Unconsciousness
                | Injury::ProtractedDisfigurement
                | Injury::ProtractedLossOfFunction
        )
    }
}

coded_enum! {
    /// Sex: exactly one value [U-17, U-18].
    Sex {
        Male = "male", "Male";
        Female = "female", "Female";
        Unknown = "unknown", "Unknown";
    }
}

coded_enum! {
    /// Race: at least one value [U-17, U-18], in the federal minimum categories (OMB, 1997)
    /// that the FBI's Uniform Crime Reporting uses.
    Race {
        AmericanIndianAlaskaNative = "american_indian_alaska_native", "American Indian or Alaska Native";
        Asian = "asian", "Asian";
        Black = "black", "Black or African American";
        NativeHawaiianPacificIslander = "native_hawaiian_pacific_islander", "Native Hawaiian or Other Pacific Islander";
        White = "white", "White";
        Unknown = "unknown", "Unknown";
    }
}

coded_enum! {
    /// Ethnicity (OMB, 1997).
    Ethnicity {
        HispanicLatino = "hispanic_latino", "Hispanic or Latino";
        NotHispanicLatino = "not_hispanic_latino", "Not Hispanic or Latino";
        Unknown = "unknown", "Unknown";
    }
}

coded_enum! {
    /// A known or apparent impairment of the subject [U-6, U-17].
    Impairment {
        Alcohol = "alcohol", "Alcohol";
        Drugs = "drugs", "Drugs";
        MentalHealthCondition = "mental_health_condition", "Mental health condition";
        Unknown = "unknown", "Unknown";
    }
}

coded_enum! {
    /// What became of the subject: the agency's own element, not sent to the FBI.
    Disposition {
        Arrested = "arrested", "Arrested";
        Cited = "cited", "Cited";
        Released = "released", "Released";
        MedicalTransport = "medical_transport", "Taken for medical care";
        MentalHealthTransport = "mental_health_transport", "Taken for a mental health evaluation";
        Other = "other", "Other";
    }
}

coded_enum! {
    /// The training an incident is judged against: the topics of the officer's rule set that
    /// cover each area are marked in the rule files (`uof_area`).
    TrainingArea {
        UseOfForce = "use_of_force", "Use of force";
        DeEscalation = "de_escalation", "De-escalation";
        CrisisIntervention = "crisis_intervention", "Crisis intervention";
        FirearmsQualification = "firearms_qualification", "Firearms qualification";
    }
}

/// One subject of the force. `reference` is the only field for identifying the person (the
/// agency's records-system number); the rest are the collection's demographic elements.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SubjectInput {
    /// The agency's records-system number for the subject; kept by the agency, never
    /// exported to the FBI. Letters, digits and hyphens, at most 30.
    #[serde(default)]
    pub reference: Option<String>,
    #[serde(default)]
    pub sex: Option<Sex>,
    #[serde(default)]
    pub races: Vec<Race>,
    #[serde(default)]
    pub ethnicity: Option<Ethnicity>,
    /// Years, 0 to 120.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 120))]
    pub age: Option<u8>,
    /// 0 to 10 feet and 0 to 11 inches [U-17].
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 10))]
    pub height_feet: Option<u8>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 11))]
    pub height_inches: Option<u8>,
    /// 1 to 1000 pounds.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 1000))]
    pub weight_pounds: Option<u16>,
    #[serde(default)]
    pub impaired: Option<YesNoUnknown>,
    /// Only when `impaired` is yes.
    #[serde(default)]
    pub impairments: Vec<Impairment>,
    /// A threat perceived by the officer, directed at officers or others.
    #[serde(default)]
    pub threat_perceived: Option<YesNoUnknown>,
    #[serde(default)]
    pub armed: Option<YesNoUnknown>,
    #[serde(default)]
    pub resisted: Option<YesNoUnknown>,
    /// Only when `resisted` is yes.
    #[serde(default)]
    pub resistance: Vec<Resistance>,
    /// The force officers used on this subject; at least one at submission.
    #[serde(default)]
    pub force: Vec<ForceType>,
    /// At least one at submission (`none` for no apparent injury).
    #[serde(default)]
    pub injuries: Vec<Injury>,
    #[serde(default)]
    pub disposition: Option<Disposition>,
}

/// One officer of the agency involved in the incident, linked to the roster (which holds the
/// name and badge); the rest are the collection's officer elements [U-18].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OfficerInput {
    pub person_id: Uuid,
    #[serde(default)]
    pub sex: Option<Sex>,
    #[serde(default)]
    pub races: Vec<Race>,
    #[serde(default)]
    pub ethnicity: Option<Ethnicity>,
    /// Exact age in years, 18 to 99.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 18, maximum = 99))]
    pub age: Option<u8>,
    /// 0 to 10 feet and 0 to 11 inches.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 10))]
    pub height_feet: Option<u8>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 11))]
    pub height_inches: Option<u8>,
    /// 1 to 1000 pounds.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 1000))]
    pub weight_pounds: Option<u16>,
    #[serde(default)]
    pub full_time: Option<bool>,
    #[serde(default)]
    pub on_duty: Option<bool>,
    /// Identifiable as law enforcement (e.g. by uniform).
    #[serde(default)]
    pub identifiable: Option<YesNoUnknown>,
    /// Whether this officer applied actual force.
    #[serde(default)]
    pub applied_force: Option<bool>,
    /// Whether this officer discharged a firearm at or in the direction of a person.
    #[serde(default)]
    pub discharged_firearm: Option<bool>,
    #[serde(default)]
    pub injuries: Vec<Injury>,
}

/// The incident as its author writes it. A draft may leave anything out; submission asks for
/// every element the collection makes mandatory.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct IncidentInput {
    /// The agency's case number: letters, digits and hyphens, at most 20; unique in the agency
    /// [U-14].
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "26-004512"))]
    pub case_number: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub incident_date: Option<Date>,
    /// 24-hour `HH:MM` [U-12, U-15].
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "23:40"))]
    pub incident_time: Option<String>,
    /// A street address or an approximate location (intersection, neighbourhood); or give
    /// `latitude` and `longitude` (WGS 84) instead [U-4, U-15].
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub latitude: Option<f64>,
    #[serde(default)]
    pub longitude: Option<f64>,
    #[serde(default)]
    pub location_type: Option<LocationType>,
    #[serde(default)]
    pub contact_reason: Option<ContactReason>,
    /// The most serious offense, only when the contact was for unlawful or suspicious
    /// activity; at most 100 characters.
    #[serde(default)]
    pub offense: Option<String>,
    /// The NIBRS incident number, when there is one.
    #[serde(default)]
    pub nibrs_number: Option<String>,
    #[serde(default)]
    pub officers_approached: Option<YesNoUnknown>,
    #[serde(default)]
    pub ambush: Option<YesNoUnknown>,
    /// A supervisor or senior officer acting as supervisor present or consulted.
    #[serde(default)]
    pub supervisor_present: Option<YesNoUnknown>,
    /// Officers of other agencies who applied actual force, at most 500.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 500))]
    pub other_agency_officers: Option<u16>,
    #[serde(default)]
    pub subjects: Vec<SubjectInput>,
    #[serde(default)]
    pub officers: Vec<OfficerInput>,
    /// What happened, in at most 2,000 characters. It must not hold names, dates of birth,
    /// Social Security, licence or phone numbers, or e-mail addresses: those belong in the
    /// fields made for them, or nowhere.
    #[serde(default)]
    pub narrative: Option<String>,
}

/// Whether the incident falls within the FBI collection, computed from its facts: a death,
/// a serious bodily injury, or a firearm discharged at or in the direction of a person [U-4].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QualificationDto {
    pub qualifies: bool,
    pub death: bool,
    pub serious_bodily_injury: bool,
    pub firearm_discharge: bool,
}

impl QualificationDto {
    /// The collection's criteria [U-4, U-6], from the facts: the injuries of each subject,
    /// and whether each officer discharged a firearm at or in the direction of a person. An
    /// officer's own injury does not qualify an incident. The server and the app's preview
    /// both judge with this.
    pub fn from_facts<'a>(
        subject_injuries: impl Iterator<Item = &'a [Injury]> + Clone,
        discharged: impl Iterator<Item = Option<bool>>,
    ) -> Self {
        let death = subject_injuries
            .clone()
            .any(|injuries| injuries.contains(&Injury::Death));
        let serious_bodily_injury = subject_injuries
            .into_iter()
            .any(|injuries| injuries.iter().any(|i| i.is_serious()));
        let firearm_discharge = discharged.into_iter().any(|d| d == Some(true));
        QualificationDto {
            qualifies: death || serious_bodily_injury || firearm_discharge,
            death,
            serious_bodily_injury,
            firearm_discharge,
        }
    }
}

/// The subject segment of the federal structure [U-6, U-17].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FederalSubject {
    pub sequence: u32,
    pub sex: Sex,
    pub race: Vec<Race>,
    pub ethnicity: Option<Ethnicity>,
    pub age: u8,
    pub height_feet: Option<u8>,
    pub height_inches: Option<u8>,
    pub weight_pounds: Option<u16>,
    pub impairment: YesNoUnknown,
    pub impairment_types: Vec<Impairment>,
    pub threat_perceived: YesNoUnknown,
    pub armed: YesNoUnknown,
    pub resisted: YesNoUnknown,
    pub resistance_types: Vec<Resistance>,
    pub force_types: Vec<ForceType>,
    pub injuries: Vec<Injury>,
}

/// The officer segment of the federal structure [U-18]; no name or badge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FederalOfficer {
    pub sequence: u32,
    pub sex: Sex,
    pub race: Vec<Race>,
    pub ethnicity: Option<Ethnicity>,
    pub age: u8,
    pub height_feet: Option<u8>,
    pub height_inches: Option<u8>,
    pub weight_pounds: Option<u16>,
    pub years_of_service: Option<u16>,
    pub full_time: bool,
    pub identifiable: YesNoUnknown,
    pub on_duty: bool,
    pub applied_force: bool,
    pub discharged_firearm: bool,
    pub injuries: Vec<Injury>,
}

/// The incident segment of the federal structure, holding its subjects and officers
/// [U-4, U-6, U-14].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FederalIncident {
    pub agency_ori: Option<String>,
    pub agency_case_number: String,
    /// `MM/DD/YYYY`, as the flat file writes it [U-14].
    pub incident_date: String,
    pub incident_time: Option<String>,
    pub qualification_death: bool,
    pub qualification_serious_bodily_injury: bool,
    pub qualification_firearm_discharge: bool,
    pub address: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// The NIBRS location code.
    pub location_type: String,
    pub contact_reason: ContactReason,
    pub most_serious_offense: Option<String>,
    pub nibrs_number: Option<String>,
    pub officers_approached: YesNoUnknown,
    pub ambush: YesNoUnknown,
    pub supervisor_present: YesNoUnknown,
    pub officers_applying_force_total: u32,
    pub officers_applying_force_agency: u32,
    pub subjects_died: u32,
    pub subjects_seriously_injured: u32,
    pub subjects: Vec<FederalSubject>,
    pub officers: Vec<FederalOfficer>,
}
