import { html } from 'lit';
import { section, type HubView } from './view.ts';

/** The partner score with its parts and their weights (shares of the weights' sum). */
export function score({ s, t, f }: HubView) {
  const { score, performance, completion, assessment, weights } = s.score;
  const sum = weights.performance + weights.completion + weights.assessment || 1;
  const w = (value: string, weight: number) => t.weighted(value, f.percent((weight / sum) * 100));
  return section(
    'score',
    t.score,
    html`<p>
      ${t.scoreParts(
        f.number(score),
        w(f.number(performance), weights.performance),
        w(f.percent(completion), weights.completion),
        w(f.number(assessment), weights.assessment),
      )}
    </p>`,
  );
}
