export { IdSchema, TimestampSchema } from './schemas/ids.ts';
export type { Id } from './schemas/ids.ts';
export {
  CatalogSchema,
  CertificationSchema,
  MaterialSchema,
  ModuleCategorySchema,
  ModuleSchema,
} from './schemas/catalog.ts';
export type { Catalog, Certification, Material, Module, ModuleCategory } from './schemas/catalog.ts';
export { PartnerSchema } from './schemas/partner.ts';
export type { Partner } from './schemas/partner.ts';
export { ModuleProgressSchema, ModuleStatusSchema, NOT_STARTED } from './schemas/progress.ts';
export type { ModuleProgress, ModuleStatus } from './schemas/progress.ts';
export {
  ModuleWithProgressSchema,
  TrainingSnapshotSchema,
  TrainingSummarySchema,
} from './schemas/snapshot.ts';
export type { ModuleWithProgress, TrainingSnapshot, TrainingSummary } from './schemas/snapshot.ts';
export { summarize } from './summary.ts';
export type { SummarizeOptions } from './summary.ts';
export { DEFAULT_CATALOG, DEFAULT_CERTIFICATIONS, DEFAULT_MODULES } from './program/catalog.ts';
