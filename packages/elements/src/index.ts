// Classes and types only: importing this entry registers nothing (see ./define.ts).
export { SisoTrainingProgress } from './training-progress/training-progress.ts';
export type { Strings } from './i18n/strings.ts';
export { en } from './i18n/strings.ts';
export { VERSION } from './version.ts';
