import type { TrainingEventData, TrainingEventType } from '@siso/training-core';

/** An event about to be appended: its type and data; the log gives it seq and time. */
export type NewEvent = { [T in TrainingEventType]: { type: T; data: TrainingEventData<T> } }[TrainingEventType];
