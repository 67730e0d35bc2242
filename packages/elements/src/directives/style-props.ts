import { noChange } from 'lit';
import { Directive, directive, PartType, type ElementPart, type PartInfo } from 'lit/directive.js';

/**
 * Sets style properties through the CSSOM on every render. Lit's `styleMap` writes a `style`
 * attribute on first render, which a strict Content-Security-Policy (`style-src 'self'`)
 * blocks; CSSOM writes are always allowed.
 *
 * @example
 * html`<div ${styleProps({ '--fill': 0.4 })}></div>`
 */
class StylePropsDirective extends Directive {
  #previous = new Set<string>();

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('styleProps() must be used as an element binding');
  }

  render(_props: Record<string, string | number>) {
    return noChange;
  }

  override update(part: ElementPart, [props]: [Record<string, string | number>]) {
    const style = (part.element as HTMLElement).style;
    for (const name of this.#previous) if (!(name in props)) style.removeProperty(name);
    for (const [name, value] of Object.entries(props)) style.setProperty(name, String(value));
    this.#previous = new Set(Object.keys(props));
    return noChange;
  }
}

export const styleProps = directive(StylePropsDirective);
