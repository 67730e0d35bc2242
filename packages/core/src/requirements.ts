import type { CompiledProgram, CompiledRequirement, Tally } from './compile.ts';
import type { Condition, ReasonParam, RequirementStatus } from './schemas/evaluation.ts';

export const floor2 = (n: number) => Math.floor(n * 100) / 100;
const round2 = (n: number) => Math.round(n * 100) / 100;

/** How far the partner is with a requirement (or a bonus's condition): figures in the requirement's own unit. */
export function conditionStatus(program: CompiledProgram, r: CompiledRequirement, t: Tally): Condition {
  return measure(program, r, t, undefined);
}

/** A tier requirement's status: its condition and the tier it belongs to. */
export function requirementStatus(program: CompiledProgram, r: CompiledRequirement, t: Tally): RequirementStatus {
  return measure(program, r, t, r.tier);
}

// One object literal per shape: spreading a condition into a requirement doubled the cost of
// the nine statuses every evaluation builds.
function measure(program: CompiledProgram, r: CompiledRequirement, t: Tally, tier: string): RequirementStatus;
function measure(program: CompiledProgram, r: CompiledRequirement, t: Tally, tier: undefined): Condition;
function measure(program: CompiledProgram, r: CompiledRequirement, t: Tally, tier: string | undefined): Condition | RequirementStatus {
  const raw = program.current(r, t);
  const met = raw >= r.target;
  const req = r.requirement;
  let current = raw;
  let target = r.target;
  let params: Record<string, ReasonParam>;
  switch (req.kind) {
    case 'category_complete':
      params = { category: req.category, remaining: Math.max(0, target - raw) };
      break;
    case 'category_count':
      params = { category: req.category, count: req.count, remaining: Math.max(0, target - raw) };
      break;
    case 'module_completed':
      params = { moduleId: req.moduleId };
      break;
    case 'training_hours':
      // Floored so that a partner 10 seconds short never reads "6 of 6 hours".
      current = floor2(raw / 3600);
      target = req.hours;
      params = { hours: req.hours, remaining: met ? 0 : round2(Math.max(0.01, target - raw / 3600)) };
      break;
    case 'certification_level':
      params = { level: req.level, count: req.count, remaining: Math.max(0, target - raw) };
      break;
    case 'certification':
      params = { certificationId: req.certificationId };
      break;
    case 'performance':
      params = { score: req.score, remaining: met ? 0 : round2(target - raw) };
      break;
  }
  const progress = met || target <= 0 ? 1 : Math.min(1, Math.max(0, current / target));
  return tier === undefined
    ? { code: r.code, params, met, current, target, progress }
    : { tier, code: r.code, params, met, current, target, progress };
}
