export { IdSchema, TimestampSchema } from './schemas/ids.ts';
export type { Id } from './schemas/ids.ts';
export { CatalogSchema, CertificationSchema, MaterialSchema, ModuleCategorySchema, ModuleSchema } from './schemas/catalog.ts';
export type { Catalog, Certification, Material, Module, ModuleCategory } from './schemas/catalog.ts';
export { PartnerSchema } from './schemas/partner.ts';
export type { Partner } from './schemas/partner.ts';
export { ModuleProgressSchema, ModuleStatusSchema, NOT_STARTED } from './schemas/progress.ts';
export type { ModuleProgress, ModuleStatus } from './schemas/progress.ts';
export { ModuleWithProgressSchema, TrainingSnapshotSchema, TrainingSummarySchema } from './schemas/snapshot.ts';
export type { ModuleWithProgress, TrainingSnapshot, TrainingSummary } from './schemas/snapshot.ts';
export { CertificateSchema, ModuleProgressEntrySchema, PartnerTrainingStateSchema } from './schemas/state.ts';
export { progressById, progressScan } from './progress.ts';
export type { ProgressLookup } from './progress.ts';
export type { Certificate, ModuleProgressEntry, PartnerTrainingState } from './schemas/state.ts';
export { BonusSchema, DowngradeRuleSchema, RequirementSchema, ScoreWeightsSchema, TierPolicySchema, TierSchema } from './schemas/policy.ts';
export type { Bonus, DowngradeRule, Requirement, RequirementKind, ScoreWeights, Tier, TierPolicy } from './schemas/policy.ts';
export {
  AtRiskSchema,
  AtStakeSchema,
  CommissionLineSchema,
  CommissionSchema,
  ConditionSchema,
  EvaluationSchema,
  FactsSchema,
  LockedModuleSchema,
  NextStepSchema,
  NextTierSchema,
  PartnerScoreSchema,
  PathModuleSchema,
  ReasonParamSchema,
  ReasonParamsSchema,
  ReasonSchema,
  RecommendationSchema,
  RequirementStatusSchema,
  SimulationSchema,
  SimulationStepsSchema,
  TierStatusSchema,
} from './schemas/evaluation.ts';
// Server-side figures, apart from evaluation.ts so that browser bundles do not carry them.
export { CertificationStateSchema, CertificationStatusSchema } from './schemas/standing.ts';
export type { CertificationState, CertificationStatus } from './schemas/standing.ts';
export type {
  AtRisk,
  AtStake,
  Commission,
  CommissionLine,
  Condition,
  Evaluation,
  Facts,
  LockedModule,
  NextStep,
  NextTier,
  PartnerScore,
  PathModule,
  Reason,
  ReasonParam,
  Recommendation,
  RequirementStatus,
  Simulation,
  SimulationSteps,
  TierStatus,
} from './schemas/evaluation.ts';
export { CoreError, PolicyValidationError, isPolicyValidationError } from './errors.ts';
export type { Issue } from './errors.ts';
export { parsePolicy, validatePolicy } from './policy.ts';
export type { ValidatePolicyOptions } from './policy.ts';
export { reviewPolicy, unusualPolicy, USUAL_BASE_RATE_MAX } from './policy-review.ts';
export type { PolicyIssue } from './policy-review.ts';
export { PolicyPreviewer, previewProgram } from './preview.ts';
export type { PreviewOptions, ProgramDefinition } from './preview.ts';
export {
  CatalogChangesSchema,
  PolicyIssueSchema,
  PolicyPreviewRequestSchema,
  PolicyPreviewSchema,
  PreviewPartnerSchema,
  PreviewSummarySchema,
  PreviewTierSchema,
} from './schemas/preview.ts';
export type {
  CatalogChanges,
  PolicyIssueBody,
  PolicyPreview,
  PolicyPreviewRequest,
  PreviewPartner,
  PreviewSummary,
  PreviewTier,
} from './schemas/preview.ts';
export { moduleDependents, validateCatalog } from './integrity.ts';
export type { ModuleDependentsOptions, ValidateCatalogOptions } from './integrity.ts';
export { compile } from './compile.ts';
export type { CompiledProgram, CompileOptions } from './compile.ts';
export { evaluate } from './evaluate.ts';
export type { EvaluateOptions } from './evaluate.ts';
export { sumPoints } from './commission.ts';
export { applySteps, simulate } from './simulate.ts';
export type { SimulateOptions } from './simulate.ts';
export { lockedModules } from './recommend.ts';
export type { LockedModulesOptions } from './recommend.ts';
export { advise, nextStep, recommend } from './advice.ts';
export type { Advice, AdviseOptions } from './advice.ts';
export { partnerScore, scorePerModule } from './score.ts';
export type { PartnerScoreOptions } from './score.ts';
export {
  certificateExpiry,
  certificatesHeld,
  certificateStatuses,
  certificationStatus,
  DEFAULT_WARNING_DAYS,
  earnedCertifications,
  isCertificateActive,
  requiredModules,
  warningDays,
} from './certifications.ts';
export type { CertificateStatusOptions, CertificationOptions, RequiredModules } from './certifications.ts';
export { HISTORY_LENGTH, historyEntry, isHistoryEvent } from './history.ts';
export { summarize } from './summary.ts';
export {
  formatSignature,
  isSignatureFresh,
  parseSignature,
  SIGNATURE_FORMAT,
  SIGNATURE_HEADER,
  SIGNATURE_TOLERANCE_SECONDS,
  signedPayload,
} from './signature.ts';
export type { SignatureFailure, SignatureHeader } from './signature.ts';
export type { SummarizeOptions } from './summary.ts';
export { DEFAULT_CATALOG, DEFAULT_CERTIFICATIONS, DEFAULT_MODULES } from './program/catalog.ts';
export { DEFAULT_POLICY } from './program/policy.ts';
export { CertificateStatusSchema, HistoryEntrySchema, SnapshotCertificateSchema } from './schemas/snapshot.ts';
export type { CertificateStatus, HistoryEntry, SnapshotCertificate } from './schemas/snapshot.ts';
export {
  EventDataSchemas,
  EventEnvelopeSchema,
  SnapshotEventSchema,
  STREAM_TOKEN_EXPIRED,
  STREAM_UNAVAILABLE,
  TRAINING_EVENT_TYPES,
} from './schemas/events.ts';
export type { TrainingEvent, TrainingEventData, TrainingEventType } from './schemas/events.ts';
// The answers a partner's page reads, apart from api.ts so that browser bundles leave the rest out.
export { CertificateResponseSchema, CompleteResponseSchema, LaunchResponseSchema } from './schemas/answers.ts';
export type { CertificateResponse, CompleteResponse, LaunchResponse } from './schemas/answers.ts';
export {
  ProgramChangeResponseSchema,
  CatalogUpdateResponseSchema,
  CertificationInputSchema,
  HealthSchema,
  IngestBatchSchema,
  IngestEventSchema,
  IngestResponseSchema,
  ItemReasonSchema,
  ItemResultSchema,
  MAX_INGEST_BATCH,
  MAX_STATEMENT_DURATION_SECONDS,
  MAX_WIDGET_TOKEN_TTL_SECONDS,
  ModuleInputSchema,
  OCCURRENCE_EPOCH,
  PartnerDetailSchema,
  PartnerListSchema,
  PartnerRecordSchema,
  PartnerUpsertSchema,
  ProgramChangeSchema,
  PolicyInputSchema,
  PolicyUpdateResponseSchema,
  PolicyVersionListSchema,
  PolicyVersionSchema,
  ProblemFieldErrorSchema,
  ProblemSchema,
  SimulateQuerySchema,
  TimestampInputSchema,
  WidgetTokenRequestSchema,
  WidgetTokenResponseSchema,
  XapiActorSchema,
  XapiResponseSchema,
  XapiResultSchema,
  XapiStatementSchema,
  XapiStatementsRequestSchema,
} from './schemas/api.ts';
export type {
  ProgramChangeResponse,
  CatalogUpdateResponse,
  Health,
  IngestBatch,
  IngestEvent,
  IngestEventType,
  IngestResponse,
  ItemReason,
  ItemResult,
  PartnerDetail,
  PartnerList,
  PartnerRecord,
  PartnerUpsert,
  ProgramChange,
  PolicyInput,
  PolicyUpdateResponse,
  PolicyVersion,
  PolicyVersionList,
  ProblemBody,
  ProblemFieldError,
  SimulateQuery,
  WidgetTokenRequest,
  WidgetTokenResponse,
  XapiStatement,
  XapiStatementsRequest,
  XapiResponse,
} from './schemas/api.ts';
export { RevokeCertificateRequestSchema, VerificationSchema, VerifyCredentialRequestSchema } from './schemas/api.ts';
export type { RevokeCertificateRequest, Verification, VerifyCredentialRequest } from './schemas/api.ts';
export {
  AchievementSchema,
  BitstringStatusListEntrySchema,
  IssuerProfileSchema,
  OpenBadgeCredentialSchema,
  PublicKeyJwkSchema,
} from './schemas/credentials.ts';
export type { Achievement, BitstringStatusListEntry, IssuerProfile, OpenBadgeCredential, PublicKeyJwk } from './schemas/credentials.ts';
