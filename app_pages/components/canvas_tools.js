// Undo, Redo and Clear as plain buttons under streamlit-drawable-canvas, acting in the
// browser through the canvas's own toolbar: no rerun, no remount, so a stroke drawn
// right after Clear is never wiped by the server's answer. The hover toolbar itself is
// hidden (invisible on touch screens; its upload icon means nothing to users), and the
// canvas is made to shrink to its column on narrow screens (fabric.js maps the pointer
// through CSS scaling, so drawing stays where the finger is).

const TOOLBAR_LABELS = { undo: "Undo", redo: "Redo", clear: "Reset canvas & history" };
const STYLE_ID = "digitlab-canvas-style";
const SEARCH_INTERVAL_MS = 100;

function canvasStyle(width, height) {
  return `
    .dc-root { width: 100% !important; max-width: ${width}px !important; scroll-margin: 5rem 0 1rem; }
    .dc-scroll { overflow: hidden !important; }
    .dc-container {
      width: 100% !important; height: auto !important; aspect-ratio: ${width} / ${height}; background: #fff;
    }
    .dc-container .canvas-container, .dc-container canvas {
      width: 100% !important; height: 100% !important; touch-action: none; scroll-margin: 5rem 0 1rem;
    }
    .dc-toolbar { display: none !important; }
  `;
}

// The page around the canvas sizes it to its content (660 px); let it take its column.
function pageStyle(containerKey) {
  const scope = `.st-key-${containerKey}`;
  return `
    ${scope} [data-testid="stElementContainer"]:has(.stBidiComponent),
    ${scope} .stBidiComponent,
    ${scope} [data-testid="stBidiComponentIsolated"] { width: 100% !important; }
  `;
}

function addPageStyle(containerKey) {
  const id = `${STYLE_ID}-${containerKey}`;
  if (document.getElementById(id)) return;
  const style = document.createElement("style");
  style.id = id;
  style.textContent = pageStyle(containerKey);
  document.head.appendChild(style);
}

// The canvas component keeps its DOM in an open shadow root inside the same keyed
// container as these buttons.
function findCanvasShadow(scope) {
  for (const element of scope.querySelectorAll("*")) {
    if (element.shadowRoot && element.shadowRoot.querySelector(".dc-root")) {
      return element.shadowRoot;
    }
  }
  return null;
}

// Streamlit may call this function again for the same element (new data), and calls the
// cleanup it returns only when the element goes away: one set of listeners per element,
// or one click on Clear could reset the canvas several times over (and a reset still
// loading can wipe a stroke drawn just after it).
const mounted = new WeakMap();
const CANVAS_LABEL = "Drawing pad: write a number here with the mouse, a pen or a finger";

export default function (component) {
  const { parentElement, data } = component;
  const existing = mounted.get(parentElement);
  if (existing) {
    existing.data = data;
    existing.attach();
    return existing.cleanup;
  }
  const state = { data, attach: null, cleanup: null };
  mounted.set(parentElement, state);
  const host = parentElement.host ?? parentElement;
  const buttons = {};
  for (const button of parentElement.querySelectorAll("button[data-action]")) {
    buttons[button.dataset.action] = button;
  }
  let shadow = null;
  let observer = null;
  addPageStyle(data.container_key);

  const toolbarButton = (action) =>
    shadow?.querySelector(`.dc-toolbar button[aria-label="${TOOLBAR_LABELS[action]}"]`);

  const mirrorDisabled = () => {
    for (const action of ["undo", "redo"]) {
      const source = toolbarButton(action);
      buttons[action].disabled = !source || source.disabled;
    }
    buttons.clear.disabled = !shadow;
  };

  state.attach = () => {
    const scope = host.closest(`.st-key-${state.data.container_key}`) ?? document;
    const found = findCanvasShadow(scope);
    if (!found) return false;
    let style = found.getElementById(STYLE_ID);
    if (!style) {
      style = document.createElement("style");
      style.id = STYLE_ID;
      found.appendChild(style);
    }
    style.textContent = canvasStyle(state.data.width, state.data.height);
    // The drawing canvases carry no name of their own: a screen reader announced "canvas".
    for (const canvas of found.querySelectorAll("canvas")) {
      canvas.setAttribute("role", "img");
      canvas.setAttribute("aria-label", CANVAS_LABEL);
    }
    if (found !== shadow) {
      shadow = found;
      observer?.disconnect();
      observer = new MutationObserver(mirrorDisabled);
      observer.observe(shadow, { attributes: true, subtree: true, attributeFilter: ["disabled"] });
    }
    mirrorDisabled();
    return true;
  };

  // The canvas may mount after these buttons, and is replaced if its key changes.
  const search = setInterval(() => {
    if (!shadow || !shadow.host.isConnected) {
      shadow = null;
      state.attach();
    }
  }, SEARCH_INTERVAL_MS);
  state.attach();

  const onClick = (event) => {
    const action = event.currentTarget.dataset.action;
    toolbarButton(action)?.click();
    // After Clear the next number starts at once: show the whole canvas first, below the
    // page's fixed header (the scroll margin), so that nothing scrolls under the pen.
    if (action === "clear") shadow?.querySelector(".dc-root")?.scrollIntoView({ block: "nearest" });
  };
  for (const button of Object.values(buttons)) button.addEventListener("click", onClick);

  state.cleanup = () => {
    clearInterval(search);
    observer?.disconnect();
    for (const button of Object.values(buttons)) button.removeEventListener("click", onClick);
    mounted.delete(parentElement);
  };
  return state.cleanup;
}
