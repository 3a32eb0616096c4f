// Small DOM helpers shared by the console's views. Text is always set as text, never as HTML.

/** Creates an element: h('a', {href: '#'}, 'text', child). Attributes starting with "on" are listeners. */
export function h(tag, attributes = {}, ...children) {
    const element = document.createElementNS(
        tag === 'svg' || attributes.svg ? 'http://www.w3.org/2000/svg' : 'http://www.w3.org/1999/xhtml', tag);
    for (const [name, value] of Object.entries(attributes)) {
        if (name === 'svg' || value === undefined || value === null || value === false) {
            continue;
        }
        if (name.startsWith('on') && typeof value === 'function') {
            element.addEventListener(name.slice(2), value);
        } else if (name === 'text') {
            element.textContent = value;
        } else {
            element.setAttribute(name, value === true ? '' : String(value));
        }
    }
    append(element, children);
    return element;
}

function append(element, children) {
    for (const child of children) {
        if (child === null || child === undefined || child === false) {
            continue;
        }
        if (Array.isArray(child)) {
            append(element, child);
        } else {
            element.append(child instanceof Node ? child : document.createTextNode(String(child)));
        }
    }
}

/** An SVG element (h() picks the namespace from the tag only for <svg> itself). */
export function s(tag, attributes = {}, ...children) {
    return h(tag, {...attributes, svg: true}, ...children);
}

/** Replaces the contents of an element. */
export function replace(element, ...children) {
    element.replaceChildren();
    append(element, children);
    return element;
}

export function loading(text = 'Loading…') {
    return h('p', {class: 'state loading'}, h('span', {class: 'spinner', 'aria-hidden': 'true'}), text);
}

export function empty(text) {
    return h('p', {class: 'state empty'}, text);
}

export function failure(error, retry) {
    return h('div', {class: 'state error', role: 'alert'},
        h('p', {}, error.message || String(error)),
        retry ? h('button', {type: 'button', class: 'secondary', onclick: retry}, 'Try again') : null);
}

/** A message in the polite live region at the top of the page. */
export function announce(text, kind = 'info') {
    const status = document.getElementById('status');
    replace(status, h('p', {class: 'msg ' + kind}, text));
}

export function clearAnnouncement() {
    replace(document.getElementById('status'));
}

/** A table in a horizontally scrolling wrapper; columns: [{title, num, narrow}]. */
export function table(columns, rows, attributes = {}) {
    return h('div', {class: 'table-wrap'},
        h('table', attributes,
            h('thead', {}, h('tr', {}, columns.map(c => h('th', {
                scope: 'col', class: [c.num ? 'num' : '', c.narrow ? 'hide-narrow' : ''].join(' ').trim() || null
            }, c.title)))),
            h('tbody', {}, rows)));
}

export function badge(text) {
    return h('span', {class: 'badge ' + String(text).toLowerCase()}, text);
}

/** "2026-11-22T08:00:00.123Z" as local date and time. */
export function when(iso) {
    if (!iso) {
        return '';
    }
    const date = new Date(iso);
    return h('time', {datetime: iso, title: iso}, date.toLocaleString());
}

export function bytes(n) {
    if (n < 1024) {
        return n + ' B';
    }
    const units = ['KiB', 'MiB', 'GiB'];
    let value = n / 1024;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
        value /= 1024;
        unit++;
    }
    return value.toFixed(value < 10 ? 1 : 0) + ' ' + units[unit];
}

/** Runs an async action behind a button: disabled, with a spinner and elapsed seconds, while it runs. */
export async function busy(button, label, action) {
    const original = button.textContent;
    const started = performance.now();
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    const tick = () => replace(button, h('span', {class: 'spinner', 'aria-hidden': 'true'}),
        label + ' ' + Math.floor((performance.now() - started) / 1000) + ' s');
    tick();
    const timer = setInterval(tick, 1000);
    try {
        return await action();
    } finally {
        clearInterval(timer);
        button.disabled = false;
        button.removeAttribute('aria-busy');
        button.textContent = original;
    }
}

/** An <input type=datetime-local> value (local time) as RFC 3339 UTC, or '' when empty. */
export function localToIso(value) {
    return value ? new Date(value).toISOString() : '';
}
