// Colours for canvas drawing (Chart.js cannot use CSS variables): read from VS Code's theme variables at
// run time, and again whenever the theme changes.

export function themeColor(variable: string, fallbackVariable = '--vscode-foreground'): string {
  const styles = getComputedStyle(document.body);
  return styles.getPropertyValue(variable).trim() || styles.getPropertyValue(fallbackVariable).trim();
}

/**
 * Calls `onChange` after a theme switch: VS Code changes the body's class (vscode-dark, vscode-light,
 * vscode-high-contrast…) and the variables on <html> together. Returns a function that stops watching.
 */
export function onThemeChange(onChange: () => void): () => void {
  let frame = 0;
  const observer = new MutationObserver(() => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      onChange();
    });
  });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  return () => observer.disconnect();
}
