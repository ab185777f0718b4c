//! Custom credentials (types with a validity and what renews them; awards to people) and
//! policies (documents with versions, assigned to people, acknowledged version by version).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Agencies {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum People {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum CredentialTypes {
    Table,
    Id,
    AgencyId,
    Code,
    Name,
    /// Months a credential stays valid from its issue; NULL: it never expires.
    ValidityMonths,
    /// `{ "course_ids": [...], "events": [...] }`: training that earns or renews it.
    RenewedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Credentials {
    Table,
    Id,
    AgencyId,
    PersonId,
    CredentialTypeId,
    IssuedOn,
    ExpiresOn,
    Note,
    AwardedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Policies {
    Table,
    Id,
    AgencyId,
    Code,
    Title,
    DueDays,
    /// Whom it is assigned to, as a training profile's assignment.
    Assignment,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PolicyVersions {
    Table,
    Id,
    PolicyId,
    AgencyId,
    Version,
    Content,
    ContentSha256,
    FileId,
    PublishedOn,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Acknowledgements {
    Table,
    Id,
    AgencyId,
    PersonId,
    PolicyVersionId,
    AcknowledgedAt,
    Ip,
    ContentSha256,
    Attestation,
}

fn id<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name)
        .uuid()
        .not_null()
        .primary_key()
        .to_owned()
}

fn uuid<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name).uuid().not_null().to_owned()
}

fn timestamp<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name)
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

fn agency_fk<T: IntoIden + 'static>(table: T, column: T) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, column)
        .to(Agencies::Table, Agencies::Id)
        .to_owned()
}

fn index(
    name: &str,
    table: impl IntoIden,
    columns: Vec<DynIden>,
    unique: bool,
) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(table);
    for column in columns {
        index.col(column);
    }
    if unique {
        index.unique();
    }
    index.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(CredentialTypes::Table)
                .col(id(CredentialTypes::Id))
                .col(uuid(CredentialTypes::AgencyId))
                .col(
                    ColumnDef::new(CredentialTypes::Code)
                        .string_len(64)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(CredentialTypes::Name)
                        .string_len(200)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(CredentialTypes::ValidityMonths)
                        .integer()
                        .null(),
                )
                .col(ColumnDef::new(CredentialTypes::RenewedBy).json().not_null())
                .col(timestamp(CredentialTypes::CreatedAt))
                .col(timestamp(CredentialTypes::UpdatedAt))
                .foreign_key(&mut agency_fk(
                    CredentialTypes::Table,
                    CredentialTypes::AgencyId,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "credential_types_agency_code_key",
            CredentialTypes::Table,
            vec![
                CredentialTypes::AgencyId.into_iden(),
                CredentialTypes::Code.into_iden(),
            ],
            true,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(Credentials::Table)
                .col(id(Credentials::Id))
                .col(uuid(Credentials::AgencyId))
                .col(uuid(Credentials::PersonId))
                .col(uuid(Credentials::CredentialTypeId))
                .col(ColumnDef::new(Credentials::IssuedOn).date().not_null())
                .col(ColumnDef::new(Credentials::ExpiresOn).date().null())
                .col(ColumnDef::new(Credentials::Note).string_len(500).null())
                .col(ColumnDef::new(Credentials::AwardedBy).uuid().null())
                .col(timestamp(Credentials::CreatedAt))
                .foreign_key(&mut agency_fk(Credentials::Table, Credentials::AgencyId))
                .foreign_key(
                    ForeignKey::create()
                        .from(Credentials::Table, Credentials::PersonId)
                        .to(People::Table, People::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Credentials::Table, Credentials::CredentialTypeId)
                        .to(CredentialTypes::Table, CredentialTypes::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "credentials_person_idx",
            Credentials::Table,
            vec![
                Credentials::AgencyId.into_iden(),
                Credentials::PersonId.into_iden(),
            ],
            false,
        ))
        .await?;
        m.create_index(index(
            "credentials_type_idx",
            Credentials::Table,
            vec![Credentials::CredentialTypeId.into_iden()],
            false,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(Policies::Table)
                .col(id(Policies::Id))
                .col(uuid(Policies::AgencyId))
                .col(ColumnDef::new(Policies::Code).string_len(64).not_null())
                .col(ColumnDef::new(Policies::Title).string_len(200).not_null())
                .col(ColumnDef::new(Policies::DueDays).integer().not_null())
                .col(ColumnDef::new(Policies::Assignment).json().not_null())
                .col(timestamp(Policies::CreatedAt))
                .col(timestamp(Policies::UpdatedAt))
                .foreign_key(&mut agency_fk(Policies::Table, Policies::AgencyId))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "policies_agency_code_key",
            Policies::Table,
            vec![Policies::AgencyId.into_iden(), Policies::Code.into_iden()],
            true,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(PolicyVersions::Table)
                .col(id(PolicyVersions::Id))
                .col(uuid(PolicyVersions::PolicyId))
                .col(uuid(PolicyVersions::AgencyId))
                .col(ColumnDef::new(PolicyVersions::Version).integer().not_null())
                .col(ColumnDef::new(PolicyVersions::Content).text().not_null())
                .col(
                    ColumnDef::new(PolicyVersions::ContentSha256)
                        .string_len(64)
                        .not_null(),
                )
                // An uploaded document of the version, once documents can be uploaded.
                .col(ColumnDef::new(PolicyVersions::FileId).uuid().null())
                .col(
                    ColumnDef::new(PolicyVersions::PublishedOn)
                        .date()
                        .not_null(),
                )
                .col(ColumnDef::new(PolicyVersions::CreatedBy).uuid().null())
                .col(timestamp(PolicyVersions::CreatedAt))
                .foreign_key(&mut agency_fk(
                    PolicyVersions::Table,
                    PolicyVersions::AgencyId,
                ))
                .foreign_key(
                    ForeignKey::create()
                        .from(PolicyVersions::Table, PolicyVersions::PolicyId)
                        .to(Policies::Table, Policies::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "policy_versions_policy_version_key",
            PolicyVersions::Table,
            vec![
                PolicyVersions::PolicyId.into_iden(),
                PolicyVersions::Version.into_iden(),
            ],
            true,
        ))
        .await?;
        m.create_index(index(
            "policy_versions_agency_idx",
            PolicyVersions::Table,
            vec![PolicyVersions::AgencyId.into_iden()],
            false,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(Acknowledgements::Table)
                .col(id(Acknowledgements::Id))
                .col(uuid(Acknowledgements::AgencyId))
                .col(uuid(Acknowledgements::PersonId))
                .col(uuid(Acknowledgements::PolicyVersionId))
                .col(timestamp(Acknowledgements::AcknowledgedAt))
                .col(ColumnDef::new(Acknowledgements::Ip).string_len(64).null())
                .col(
                    ColumnDef::new(Acknowledgements::ContentSha256)
                        .string_len(64)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Acknowledgements::Attestation)
                        .string_len(500)
                        .not_null(),
                )
                .foreign_key(&mut agency_fk(
                    Acknowledgements::Table,
                    Acknowledgements::AgencyId,
                ))
                .foreign_key(
                    ForeignKey::create()
                        .from(Acknowledgements::Table, Acknowledgements::PersonId)
                        .to(People::Table, People::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Acknowledgements::Table, Acknowledgements::PolicyVersionId)
                        .to(PolicyVersions::Table, PolicyVersions::Id),
                )
                .to_owned(),
        )
        .await?;
        // A version is acknowledged once by each person.
        m.create_index(index(
            "acknowledgements_person_version_key",
            Acknowledgements::Table,
            vec![
                Acknowledgements::PersonId.into_iden(),
                Acknowledgements::PolicyVersionId.into_iden(),
            ],
            true,
        ))
        .await?;
        m.create_index(index(
            "acknowledgements_version_idx",
            Acknowledgements::Table,
            vec![
                Acknowledgements::AgencyId.into_iden(),
                Acknowledgements::PolicyVersionId.into_iden(),
            ],
            false,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Acknowledgements::Table.into_iden(),
            PolicyVersions::Table.into_iden(),
            Policies::Table.into_iden(),
            Credentials::Table.into_iden(),
            CredentialTypes::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
