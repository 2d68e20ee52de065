/**
 * Tiny DOM helpers. Text from runs, params, tags and data only ever goes through `textContent`
 * or attributes set with setAttribute: never innerHTML, so it is always shown as text.
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return node;
}

export function icon(name: string, label?: string): HTMLElement {
  const i = el('i', { class: `codicon codicon-${name}` });
  if (label) i.setAttribute('aria-label', label);
  else i.setAttribute('aria-hidden', 'true');
  return i;
}
