export { TrainingClient } from './client.ts';
export type { CallOptions, TrainingClientOptions } from './client.ts';
export { jwtExpiry, jwtSubject } from './token.ts';
export type { ProvidedToken, TokenOptions } from './token.ts';
export {
  ApiError,
  isApiError,
  isNetworkError,
  isTimeoutError,
  isTrainingError,
  isValidationError,
  NetworkError,
  TimeoutError,
  TrainingError,
  ValidationError,
} from './errors.ts';
export type { ProblemFieldError, ValidationIssue } from './errors.ts';
export type { ConnectionState, SubscribeHandlers, SubscribeOptions, Subscription } from './live/subscribe.ts';
export type { BackoffOptions } from './live/backoff.ts';
export { applyEvent } from './live/apply.ts';
export { liveStore } from './live/registry.ts';
export type { LiveState, LiveStore, LiveStoreOptions } from './live/store.ts';
export type {
  CertificateResponse,
  CompleteResponse,
  Evaluation,
  LaunchResponse,
  Module,
  ModuleProgress,
  ModuleWithProgress,
  Partner,
  Recommendation,
  Simulation,
  SimulationSteps,
  SnapshotCertificate,
  TrainingEvent,
  TrainingEventType,
  TrainingSnapshot,
  TrainingSummary,
} from '@siso/training-core';
