// Small DOM helpers shared by the page parts.

export function setText(node, value) {
  const text = String(value);
  if (node && node.textContent !== text) node.textContent = text;
}

// One element: `element("span", "event-when", "Q1 10:00")`. The text goes in as textContent, so data
// never becomes markup; a falsy className or an undefined text leaves that part out.
export function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
