import { html } from 'lit';
import { styleProps } from '../directives/style-props.ts';

/**
 * A `role=progressbar` with its values. `share` is 0..1; `part` names the track's part so each
 * bar can be styled on its own (`bar` is always among its parts).
 */
export function bar(share: number, label: string, valueText: string, part = 'bar', small = false) {
  const clamped = Math.min(1, Math.max(0, share));
  return html`<div
    part=${part === 'bar' ? 'bar' : `bar ${part}`}
    class=${small ? 'small' : ''}
    role="progressbar"
    aria-label=${label}
    aria-valuemin="0"
    aria-valuemax="100"
    aria-valuenow=${Math.round(clamped * 100)}
    aria-valuetext=${valueText}
  >
    <div part="bar-fill" ${styleProps({ '--siso-fill': clamped })}></div>
  </div>`;
}
