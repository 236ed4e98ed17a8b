// Small DOM helpers shared by the page parts.

export function setText(element, value) {
  const text = String(value);
  if (element && element.textContent !== text) element.textContent = text;
}
