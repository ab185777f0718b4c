//! How far each commit this server runs has gone, for whoever reads the batch meanwhile: the
//! coordinator who left the page and came back sees the stage and the count.

use std::collections::HashMap;
use std::sync::Mutex;

use confitrek_types::{ImportProgress, ImportStage};
use uuid::Uuid;

#[derive(Default)]
pub struct ImportJobs(Mutex<HashMap<Uuid, ImportProgress>>);

impl ImportJobs {
    pub fn get(&self, id: Uuid) -> Option<ImportProgress> {
        self.0.lock().ok()?.get(&id).copied()
    }

    fn update(&self, id: Uuid, change: impl FnOnce(&mut ImportProgress)) {
        if let Ok(mut jobs) = self.0.lock() {
            let progress = jobs.entry(id).or_insert(ImportProgress {
                stage: ImportStage::Reading,
                done: 0,
                total: 0,
            });
            change(progress);
        }
    }

    pub fn forget(&self, id: Uuid) {
        if let Ok(mut jobs) = self.0.lock() {
            jobs.remove(&id);
        }
    }
}

/// The progress of one batch's commit.
#[derive(Clone, Copy)]
pub struct Progress<'a> {
    pub jobs: &'a ImportJobs,
    pub id: Uuid,
}

impl Progress<'_> {
    /// A new stage of `total` steps begins.
    pub fn stage(self, stage: ImportStage, total: usize) {
        let total = u32::try_from(total).unwrap_or(u32::MAX);
        self.jobs.update(self.id, |p| {
            *p = ImportProgress {
                stage,
                done: 0,
                total,
            }
        });
    }

    /// `n` more steps of the stage are done.
    pub fn advance(self, n: usize) {
        let n = u32::try_from(n).unwrap_or(u32::MAX);
        self.jobs
            .update(self.id, |p| p.done = p.done.saturating_add(n).min(p.total));
    }
}
