import { css } from 'lit';

export const styles = css`
  /* The height of the loaded view, reserved while the skeleton shows (TrainingElement#updated). */
  :host(:state(loading)) {
    min-height: 420px;
  }
  .layout {
    display: grid;
    gap: var(--siso-gap);
    margin-top: 12px;
  }
  .col {
    display: grid;
    gap: var(--siso-gap);
    align-content: start;
    min-width: 0;
  }
  .row {
    display: flex;
    align-items: baseline;
    justify-content: space-between;
    gap: 4px 12px;
    flex-wrap: wrap;
  }
  [part~='overview'] {
    display: grid;
    gap: 8px;
    border-radius: var(--_siso-radius-inner);
  }
  [part~='percent'] {
    font-size: 1.75rem;
    font-weight: 700;
    font-variant-numeric: tabular-nums;
  }
  [part~='modules'] {
    color: var(--siso-color-muted);
  }
  /* Tiles that grow to fill their row, so no width leaves an empty cell beside the last one. */
  [part~='stats'] {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
  }
  [part~='stat'] {
    flex: 1 1 8rem;
    padding: 8px;
    border-radius: var(--_siso-radius-inner);
    background: var(--siso-color-track);
  }
  [part~='stat'] dt {
    font-size: 0.75rem;
    color: var(--siso-color-muted);
  }
  [part~='stat'] dd {
    font-weight: 650;
    font-variant-numeric: tabular-nums;
  }
  [part~='badges'] {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
  }
  [part~='tier'],
  [part~='commission'] {
    display: grid;
    gap: 8px;
    border-radius: var(--_siso-radius-inner);
  }
  [part~='tier'] h3,
  [part~='commission'] h3 {
    margin: 0;
  }
  [part~='requirements'] {
    display: grid;
    gap: 10px;
  }
  [part~='requirement'] {
    display: grid;
    gap: 4px;
    font-size: 0.875rem;
  }
  [part~='at-stake'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px 12px;
    padding: 10px 12px;
    border-radius: var(--_siso-radius-inner);
    background: var(--siso-color-warning-bg);
  }
  [part~='at-stake'] > span {
    flex: 1 1 16em;
  }
  [part~='line'] {
    flex-wrap: nowrap;
  }
  [part~='line'] .about {
    display: block;
    font-size: 0.8rem;
  }
  [part~='line'] dd {
    white-space: nowrap;
  }
  [part~='rate'] {
    font-size: 1.5rem;
    font-weight: 700;
    font-variant-numeric: tabular-nums;
    border-radius: var(--_siso-radius-inner);
  }
  [part~='breakdown'] {
    display: grid;
    gap: 2px;
    font-size: 0.875rem;
  }
  [part~='line'] dd {
    font-variant-numeric: tabular-nums;
    color: var(--siso-color-muted);
  }
  [part~='hub-link'] {
    justify-self: start;
  }
  [part~='next-step'] {
    padding: 10px 12px;
    border-radius: var(--_siso-radius-inner);
    border-inline-start: 4px solid var(--siso-color-accent);
    background: var(--siso-color-track);
  }
  @container (min-width: 640px) {
    .layout {
      grid-template-columns: 1fr 1fr;
    }
    [part~='at-stake'],
    [part~='next-step'],
    [part~='hub-link'] {
      grid-column: 1 / -1;
    }
  }
`;
