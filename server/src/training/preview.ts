import { createHash } from 'node:crypto';
import {
  PolicyPreviewer,
  reviewPolicy,
  validateCatalog,
  validatePolicy,
  type Catalog,
  type Issue,
  type PolicyIssueBody,
  type PolicyPreview,
  type PolicyPreviewRequest,
  type TierPolicy,
} from '@siso/training-core';
import type { Db } from '../db/database.ts';
import { invalidInput } from '../errors/problem.ts';
import { pointer } from '../http/pointer.ts';
import { canonicalJson } from '../json/canonical-json.ts';
import type { Clock } from '../time/clock.ts';
import { programStore } from './program.ts';
import { readSnapshot, trainingStates } from './states.ts';

export interface PreviewPage {
  /** The `next` of the previous page: continues its list at its `now`. */
  cursor?: string;
  /** Affected partners per page (default 100). */
  limit?: number;
  /** The instant to evaluate at on a first page (default: the clock's); a cursor carries its own. */
  now?: Date;
  /** Partners read per query page (default 2,000). */
  readSize?: number;
}

/**
 * What a cursor is bound to: the candidate, its keys in any order (a later page of another
 * candidate would mix two answers).
 */
const candidateDigest = (request: PolicyPreviewRequest) =>
  createHash('sha256').update(canonicalJson(request)).digest('base64url').slice(0, 16);

/**
 * `<ms since the epoch>.<candidate digest>.<partner id>`, base64url: the `now` of the first page,
 * the candidate it previews, and the last partner listed.
 */
const encodeCursor = (nowMs: number, digest: string, partnerId: string) =>
  Buffer.from(`${nowMs}.${digest}.${partnerId}`).toString('base64url');

function decodeCursor(cursor: string, digest: string): { nowMs: number; after: string } {
  const match = /^(\d{1,15})\.([\w-]{16})\.([a-z0-9][a-z0-9_-]{0,127})$/i.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw invalidInput([{ pointer: '/cursor', code: 'invalid_cursor', detail: 'Not a cursor this preview gave (its `next`).' }]);
  if (match[2] !== digest)
    throw invalidInput([
      {
        pointer: '/cursor',
        code: 'cursor_mismatch',
        detail: 'This cursor continues the preview of another candidate: send the same body as its first page.',
      },
    ]);
  return { nowMs: Number(match[1]), after: match[3]! };
}

/**
 * The catalog with the changes: removed modules go, then a definition replaces the one with its
 * id in place, or is added at the end. A module both removed and defined is a 400: which one is
 * meant cannot be told.
 */
function withChanges(catalog: Catalog, changes: PolicyPreviewRequest['catalog']): Catalog {
  const removed = new Set(changes?.removeModules);
  const defined = new Set(changes?.modules?.map((m) => m.id));
  const both = (changes?.removeModules ?? []).flatMap((id, i) => (defined.has(id) ? [{ id, i }] : []));
  if (both.length > 0)
    throw invalidInput(
      both.map(({ id, i }) => ({
        pointer: `/catalog/removeModules/${i}`,
        code: 'removed_and_defined',
        detail: `"${id}" is both removed and defined in \`modules\`: send one.`,
      })),
    );
  const merge = <T extends { id: string }>(current: readonly T[], changed: readonly T[] = []): T[] => {
    const byId = new Map(changed.map((d) => [d.id, d]));
    const known = new Set(current.map((d) => d.id));
    return [...current.map((d) => byId.get(d.id) ?? d), ...changed.filter((d) => !known.has(d.id))];
  };
  return {
    modules: merge(
      catalog.modules.filter((m) => !removed.has(m.id)),
      changes?.modules,
    ),
    certifications: merge(catalog.certifications, changes?.certifications),
  };
}

/** Removals of modules the catalog in force does not have: `DELETE /v1/modules/{id}` answers 404. */
function unknownRemovals(current: Catalog, changes: PolicyPreviewRequest['catalog']): PolicyIssueBody[] {
  const known = new Set(current.modules.map((m) => m.id));
  return (changes?.removeModules ?? []).flatMap((moduleId, i) =>
    known.has(moduleId)
      ? []
      : [{ pointer: `/catalog/removeModules/${i}`, code: 'catalog.unknown_module', params: { moduleId }, forceable: false }],
  );
}

/**
 * What the candidate would be refused for, as the writes would refuse it: the policy as
 * `PUT /v1/policy` checks it (forceable when only unusual), the catalog as the catalog writes
 * check it (a removed module still named elsewhere shows at what names it). Pointers lead into
 * the request or the catalog in force: `/policy/…`, `/catalog/modules/<id>/…`.
 */
function issuesOf(request: PolicyPreviewRequest, policy: TierPolicy, catalog: Catalog): PolicyIssueBody[] {
  const policyIssues = request.policy
    ? reviewPolicy({ policy, catalog })
    : validatePolicy({ policy, catalog }).map((i) => ({ ...i, forceable: false }));
  const catalogIssues = validateCatalog({ catalog, policy });
  const catalogPath = (i: Issue) => {
    const [list, index, ...rest] = i.path;
    const definition = list === 'modules' ? catalog.modules[Number(index)] : catalog.certifications[Number(index)];
    return ['catalog', String(list), definition?.id ?? String(index), ...rest];
  };
  return [
    ...policyIssues.map((i) => ({ pointer: pointer(['policy', ...i.path]), code: i.code, params: i.params, forceable: i.forceable })),
    ...catalogIssues.map((i) => ({ pointer: pointer(catalogPath(i)), code: i.code, params: i.params, forceable: false })),
  ];
}

/**
 * What a candidate policy and catalog changes would do to every partner, writing nothing: every
 * partner's state is read in pages of a few queries, all on one snapshot (no locks), evaluated
 * under the program in force and under the candidate at the same instant, and folded into the
 * summary and one page of affected partners (core's `PolicyPreviewer`). A first page reads every partner; a later one
 * (`cursor`) only reads on from its cursor until its page is full, and has no summary.
 *
 * @example
 * const preview = await previewProgramChange(services, { policy: { ...input, baseRate: 12 } }, { limit: 50 });
 */
export async function previewProgramChange(
  { db, clock }: { db: Db; clock: Clock },
  request: PolicyPreviewRequest,
  { cursor, limit = 100, now, readSize }: PreviewPage = {},
): Promise<PolicyPreview> {
  const digest = candidateDigest(request);
  const position = cursor === undefined ? null : decodeCursor(cursor, digest);
  const at = position ? new Date(position.nowMs) : (now ?? clock.now());
  const current = await programStore(db).current();
  const catalog = request.catalog ? withChanges(current.catalog, request.catalog) : current.catalog;
  const policy = request.policy ? { ...request.policy, version: current.policy.version + 1 } : current.policy;
  const preview = new PolicyPreviewer({ current, candidate: { policy, catalog }, now: at, limit, summary: position === null });
  // One snapshot: the summary counts every partner as of one instant, however many pages it reads.
  await readSnapshot(db, async (tx) => {
    reading: for await (const page of trainingStates(tx, {
      ...(position ? { after: position.after } : {}),
      ...(readSize ? { pageSize: readSize } : {}),
    }))
      for (const state of page) if (!preview.add(state)) break reading;
  });
  const { summary, partners, next } = preview.result();
  return {
    now: at.toISOString(),
    policyVersion: current.policy.version,
    issues: [...unknownRemovals(current.catalog, request.catalog), ...issuesOf(request, policy, catalog)],
    summary,
    partners,
    next: next === null ? null : encodeCursor(at.getTime(), digest, next),
  };
}
