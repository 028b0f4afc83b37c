// Browser-side part of test/web/a11y-check.ts, plain JavaScript so that it runs in the page as
// is: evaluating this file installs `window.__piguardA11y` with the checks.
/* global document, window, Element */

/** Rule violations ({rule, element}) of the document as it is now. */
function audit() {
  const out = [];
  const describe = (el) => {
    const id = el.id === '' ? '' : `#${el.id}`;
    const cls =
      typeof el.className === 'string' && el.className !== ''
        ? `.${el.className.trim().split(/\s+/).join('.')}`
        : '';
    const text = (el.textContent ?? '').trim().slice(0, 40);
    return `<${el.tagName.toLowerCase()}${id}${cls}>${text}`;
  };
  const visible = (el) => {
    if (el.closest('[hidden],[aria-hidden="true"]') !== null) return false;
    const style = window.getComputedStyle(el);
    return style.display !== 'none' && style.visibility !== 'hidden';
  };
  const byIds = (ids) =>
    (ids ?? '')
      .split(/\s+/)
      .filter((s) => s !== '')
      .map((id) => document.getElementById(id)?.textContent?.trim() ?? '')
      .join(' ')
      .trim();
  const ariaName = (el) =>
    (el.getAttribute('aria-label') ?? '').trim() ||
    byIds(el.getAttribute('aria-labelledby')) ||
    (el.getAttribute('title') ?? '').trim();

  // Form controls.
  for (const el of document.querySelectorAll('input, select, textarea')) {
    if (!visible(el)) continue;
    const type = (el.getAttribute('type') ?? 'text').toLowerCase();
    if (['hidden', 'submit', 'button', 'reset', 'image'].includes(type)) continue;
    const labels = el.labels;
    const labelled =
      (labels !== null && [...labels].some((l) => (l.textContent ?? '').trim() !== '')) ||
      ariaName(el) !== '';
    if (!labelled) out.push({ rule: 'label', element: describe(el) });
  }
  // Buttons.
  for (const el of document.querySelectorAll(
    'button, [role="button"], input[type="submit"], input[type="button"], input[type="reset"]',
  )) {
    if (!visible(el)) continue;
    const name = (el.textContent ?? '').trim() || ariaName(el) || (el.value ?? '');
    if (name === '') out.push({ rule: 'button-name', element: describe(el) });
  }
  // Links.
  for (const el of document.querySelectorAll('a[href]')) {
    if (!visible(el)) continue;
    const imgAlt = [...el.querySelectorAll('img[alt]')].map((i) => i.getAttribute('alt')).join('');
    if ((el.textContent ?? '').trim() === '' && ariaName(el) === '' && imgAlt.trim() === '')
      out.push({ rule: 'link-name', element: describe(el) });
  }
  // Images.
  for (const el of document.querySelectorAll('img')) {
    if (!el.hasAttribute('alt')) out.push({ rule: 'image-alt', element: describe(el) });
  }
  for (const el of document.querySelectorAll('[role="img"]')) {
    if (ariaName(el) === '') out.push({ rule: 'image-alt', element: describe(el) });
  }
  for (const el of document.querySelectorAll('svg')) {
    // A bare SVG must be named or hidden, unless it is drawn inside a named image (a chart).
    if (el.closest('[role="img"]') !== null || el.closest('[aria-hidden="true"]') !== null)
      continue;
    if (ariaName(el) === '' && el.querySelector('title') === null)
      out.push({ rule: 'svg-alt', element: describe(el) });
  }
  // Headings.
  const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].filter(visible);
  const h1s = headings.filter((h) => h.tagName === 'H1');
  if (h1s.length !== 1) out.push({ rule: 'one-h1', element: `${h1s.length} h1 elements` });
  let previous = 0;
  for (const h of headings) {
    const level = Number(h.tagName.slice(1));
    if (previous === 0 && level !== 1)
      out.push({ rule: 'heading-order', element: `first heading is ${describe(h)}` });
    else if (level > previous + 1 && previous !== 0)
      out.push({ rule: 'heading-order', element: `h${previous} → ${describe(h)}` });
    if ((h.textContent ?? '').trim() === '')
      out.push({ rule: 'heading-empty', element: describe(h) });
    previous = level;
  }
  // Tab order.
  for (const el of document.querySelectorAll('[tabindex]')) {
    if (Number(el.getAttribute('tabindex')) > 0)
      out.push({ rule: 'tabindex-positive', element: describe(el) });
  }
  // Landmarks.
  const mains = document.querySelectorAll('main, [role="main"]');
  if (mains.length !== 1) out.push({ rule: 'one-main', element: `${mains.length} main landmarks` });
  const navs = [...document.querySelectorAll('nav, [role="navigation"]')];
  if (navs.length > 1)
    for (const n of navs)
      if (ariaName(n) === '') out.push({ rule: 'landmark-name', element: describe(n) });
  // Ids.
  const seen = new Set();
  for (const el of document.querySelectorAll('[id]')) {
    if (seen.has(el.id)) out.push({ rule: 'duplicate-id', element: describe(el) });
    seen.add(el.id);
  }
  for (const attr of ['aria-labelledby', 'aria-describedby', 'aria-controls']) {
    for (const el of document.querySelectorAll(`[${attr}]`)) {
      for (const id of (el.getAttribute(attr) ?? '').split(/\s+/).filter((s) => s !== '')) {
        if (document.getElementById(id) === null)
          out.push({ rule: 'aria-reference', element: `${describe(el)} ${attr}=${id}` });
      }
    }
  }
  // Language, tables.
  if ((document.documentElement.getAttribute('lang') ?? '') === '')
    out.push({ rule: 'html-lang', element: '<html>' });
  for (const table of document.querySelectorAll('table')) {
    if (table.querySelector('caption') === null && ariaName(table) === '')
      out.push({ rule: 'table-caption', element: describe(table) });
  }
  return out;
}

/** What has the keyboard focus now: a stable key and whether a focus indicator is drawn. */
function focusInfo() {
  const el = document.activeElement;
  if (el === null || el === document.body) return null;
  const style = window.getComputedStyle(el);
  const indicator =
    (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) ||
    style.boxShadow !== 'none';
  const index = Array.prototype.indexOf.call(document.querySelectorAll('*'), el);
  return { key: `${el.tagName}#${index}`, indicator };
}

/** How many enabled, displayed controls the page has. */
function focusableCount() {
  return [
    ...document.querySelectorAll(
      'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled])',
    ),
  ].filter((el) => {
    const s = window.getComputedStyle(el);
    return s.display !== 'none' && s.visibility !== 'hidden' && el.closest('[hidden]') === null;
  }).length;
}

function resetFocus() {
  if (document.activeElement instanceof Element && 'blur' in document.activeElement)
    document.activeElement.blur();
  window.scrollTo(0, 0);
}

window.__piguardA11y = { audit, focusInfo, focusableCount, resetFocus };
