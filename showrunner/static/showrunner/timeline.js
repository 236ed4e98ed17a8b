// The schedule timeline's bars, placed from their data attributes: the Content-Security-Policy
// forbids style attributes, not styles set through the DOM.
for (const element of document.querySelectorAll("[data-timeline] [data-left]")) {
  element.style.left = `${element.dataset.left}%`;
  if (element.dataset.width !== undefined) element.style.width = `${element.dataset.width}%`;
}
