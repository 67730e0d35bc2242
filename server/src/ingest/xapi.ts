import { randomUUID } from 'node:crypto';
import { MAX_STATEMENT_DURATION_SECONDS, type Catalog, type ItemReason, type XapiStatement } from '@siso/training-core';
import type { Change } from '../training/partner-training.ts';
import { reason, type IngestItem, type RefusedItem } from './apply.ts';
import { canonicalStatementId } from './statement-identity.ts';

const ADL = 'http://adlnet.gov/expapi/verbs/';
const CMI5_PROGRESS = 'https://w3id.org/xapi/cmi5/result/extensions/progress';

/** The verbs that move training, by their ADL id; any other verb is stored as ignored. */
const VERBS: Record<string, Extract<Change, { kind: 'module' }>['action']> = {
  [`${ADL}completed`]: 'complete',
  [`${ADL}passed`]: 'complete',
  [`${ADL}failed`]: 'fail',
  [`${ADL}progressed`]: 'progress',
  [`${ADL}experienced`]: 'start',
  [`${ADL}launched`]: 'start',
};

const DURATION =
  /^P(?!$)(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?=\d)(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/**
 * Seconds of an ISO 8601 duration (`PT1H30M`, `P1DT2H`, `PT4.5S`); years and months count as
 * 365 and 30 days. Null when it is not a duration.
 *
 * @example
 * parseDuration('PT1H0M30S'); // 3630
 */
export function parseDuration(text: string): number | null {
  const m = DURATION.exec(text);
  if (!m) return null;
  const [y, mo, w, d, h, mi, s] = m.slice(1).map<number>((v) => (v === undefined ? 0 : Number(v)));
  return Math.round(y! * 31_536_000 + mo! * 2_592_000 + w! * 604_800 + d! * 86_400 + h! * 3_600 + mi! * 60 + s!);
}

/** Activity id → module id; a module without `activityId` gets `<base><module id>`. */
export function activityIndex(catalog: Catalog, base: string): Map<string, string> {
  return new Map(catalog.modules.map((m) => [m.activityId ?? `${base}${m.id}`, m.id]));
}

// 0..100 from `scaled` (-1..1) or from raw within min..max.
function scoreOf(result: XapiStatement['result']): number | undefined {
  const score = result?.score;
  if (!score) return undefined;
  let value: number | undefined;
  if (score.scaled !== undefined) value = score.scaled * 100;
  else if (score.raw !== undefined && score.max !== undefined && score.max > (score.min ?? 0)) {
    value = ((score.raw - (score.min ?? 0)) / (score.max - (score.min ?? 0))) * 100;
  } else if (score.raw !== undefined && score.raw >= 0 && score.raw <= 100) value = score.raw;
  return value === undefined ? undefined : Math.round(Math.min(100, Math.max(0, value)) * 100) / 100;
}

function percentOf(result: XapiStatement['result']): number | undefined {
  const value = result?.extensions?.[CMI5_PROGRESS];
  return typeof value === 'number' && value >= 0 && value <= 100 ? value : undefined;
}

// What a verb asserts about its result: cmi5 requires `completed` with `completion: true`,
// `passed` with `success: true`, `failed` with `success: false`. A result saying the opposite
// leaves no way to tell what happened, so the statement is refused rather than read either way.
const ASSERTS: Record<string, { flag: 'completion' | 'success'; value: boolean }> = {
  [`${ADL}completed`]: { flag: 'completion', value: true },
  [`${ADL}passed`]: { flag: 'success', value: true },
  [`${ADL}failed`]: { flag: 'success', value: false },
};

function contradiction(verb: string, result: XapiStatement['result']): ItemReason | null {
  const asserts = ASSERTS[verb];
  if (!asserts || result?.[asserts.flag] !== !asserts.value) return null;
  return reason('result_contradicts_verb', `"${verb}" with result.${asserts.flag} ${!asserts.value}: the statement contradicts itself.`);
}

export interface MapStatementOptions {
  activities: ReadonlyMap<string, string>;
  now: Date;
}

/**
 * One statement onto the change it means. The partner is `actor.account.name`; the module is the
 * one whose activity id is `object.id`. Unknown verbs and activities that are not modules (an
 * xAPI course reports its questions too) are kept as ignored. The id is kept in lower case
 * (`canonicalStatementId`), so the same id in another case is the same statement.
 *
 * Refused: a duration that is not ISO 8601 (`invalid_duration`); for a statement that moves
 * training, a duration over `MAX_STATEMENT_DURATION_SECONDS` (`duration_out_of_range`) and a
 * result that contradicts the verb (`result_contradicts_verb`).
 */
export function mapStatement(statement: XapiStatement, { activities, now }: MapStatementOptions): IngestItem | RefusedItem {
  const id = canonicalStatementId(statement.id ?? randomUUID());
  const partnerId = statement.actor.account?.name;
  if (!partnerId) return { id, reason: reason('unknown_actor', 'The actor needs an account whose name is the partner id.') };
  const duration = statement.result?.duration;
  const seconds = duration === undefined ? undefined : parseDuration(duration);
  if (seconds === null) return { id, reason: reason('invalid_duration', `"${duration}" is not an ISO 8601 duration.`) };
  const occurredAt = statement.timestamp === undefined ? undefined : new Date(statement.timestamp);
  const base = { id, partnerId, source: 'xapi' as const, type: statement.verb.id, occurredAt, payload: { ...statement, id } };
  const action = VERBS[statement.verb.id];
  const moduleId = activities.get(statement.object.id);
  if (!action || !moduleId) return { ...base, change: null };
  const contradicts = contradiction(statement.verb.id, statement.result);
  if (contradicts) return { id, reason: contradicts };
  if (seconds !== undefined && !(seconds <= MAX_STATEMENT_DURATION_SECONDS)) {
    return {
      id,
      reason: reason(
        'duration_out_of_range',
        `"${duration}" is longer than ${MAX_STATEMENT_DURATION_SECONDS} s, the most one statement may count.`,
      ),
    };
  }
  const score = scoreOf(statement.result);
  return {
    ...base,
    change: {
      kind: 'module',
      moduleId,
      action,
      at: occurredAt ?? now,
      ...(score === undefined ? {} : { score }),
      ...(action === 'progress' ? { percent: percentOf(statement.result) } : {}),
      ...(seconds === undefined ? {} : { addSeconds: seconds }),
    },
  };
}
