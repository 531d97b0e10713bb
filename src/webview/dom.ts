// The only way the panel makes elements. Strings always become text nodes and attributes are
// set one by one, so nothing passes through the HTML parser; there is deliberately no way to
// set innerHTML, event-handler attributes or inline styles from here.

export type Child = Node | string | number | false | null | undefined | readonly Child[];

export interface Props {
  readonly class?: string | readonly (string | false | undefined)[];
  readonly testid?: string;
  /** Plain attributes (aria-*, data-*, role, title, tabindex, type, …). */
  readonly attrs?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly onClick?: (event: MouseEvent) => void;
  readonly onKeydown?: (event: KeyboardEvent) => void;
  readonly onChange?: (event: Event) => void;
}

const FORBIDDEN_ATTRIBUTE = /^(on|style$|srcdoc$|href$|src$|formaction$|action$)/i;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props) {
    const classes = typeof props.class === 'string' ? [props.class] : (props.class ?? []);
    const classText = classes.filter((name): name is string => typeof name === 'string' && name !== '').join(' ');
    if (classText) element.className = classText;
    if (props.testid) element.setAttribute('data-testid', props.testid);
    for (const [name, value] of Object.entries(props.attrs ?? {})) {
      if (value === undefined || value === false) continue;
      if (FORBIDDEN_ATTRIBUTE.test(name)) throw new Error(`attribute ${name} is not set through h()`);
      element.setAttribute(name, value === true ? '' : String(value));
    }
    const target: HTMLElement = element;
    if (props.onClick) target.addEventListener('click', props.onClick);
    if (props.onKeydown) target.addEventListener('keydown', props.onKeydown);
    if (props.onChange) target.addEventListener('change', props.onChange);
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(parent, child as readonly Child[]);
    else if (typeof child === 'string' || typeof child === 'number') parent.appendChild(document.createTextNode(String(child)));
    else parent.appendChild(child as Node);
  }
}

/** Replaces an element's children; the same rules as h() apply to each child. */
export function fill(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** A padlock drawn in CSS, closed for TLS and open for clear text; decorative, the text says it too. */
export function lock(closed: boolean): HTMLElement {
  return h('span', { class: ['lock', closed ? 'lock-closed' : 'lock-open'], attrs: { 'aria-hidden': 'true' } });
}
