export { TrainingClient } from './client.ts';
export type { CallOptions, TrainingClientOptions } from './client.ts';
export { jwtExpiry, TokenSource } from './token.ts';
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
export type { Module, ModuleProgress, ModuleWithProgress, Partner, TrainingSnapshot, TrainingSummary } from '@siso/training-core';
