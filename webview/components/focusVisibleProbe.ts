// FAST (under the toolkit) finds out whether :focus-visible works by appending an empty inline <style> to
// <head> while its modules load (fast-web-utilities canUseFocusVisible). The panel's CSP has no
// 'unsafe-inline', so that element is refused and reported as a violation. Until registerComponents() ends
// the probe, an empty <style> appended to <head> gets a constructable stylesheet instead (which the CSP
// allows) and never enters the document. Must be imported before the toolkit.
const head = document.head;
const probes = new WeakSet<Node>();

head.appendChild = function appendChild<T extends Node>(node: T): T {
  if (node instanceof HTMLStyleElement && node.textContent === '' && !node.hasAttribute('nonce')) {
    Object.defineProperty(node, 'sheet', { value: new CSSStyleSheet(), configurable: true });
    probes.add(node);
    return node;
  }
  return Node.prototype.appendChild.call(head, node) as T;
};

head.removeChild = function removeChild<T extends Node>(node: T): T {
  if (probes.has(node)) return node;
  return Node.prototype.removeChild.call(head, node) as T;
};

export function endFocusVisibleProbe(): void {
  Reflect.deleteProperty(head, 'appendChild');
  Reflect.deleteProperty(head, 'removeChild');
}
