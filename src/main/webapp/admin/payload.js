// Renders a payload without freezing the page: JSON pretty-printed, text, or hex, each shown in
// chunks ("Show more") so that a 25 MiB body never becomes one huge DOM node or string at once.
import {h, replace} from './ui.js';

const TEXT_CHUNK = 64 * 1024;          // characters per chunk of text or JSON
const HEX_CHUNK = 16 * 1024;           // bytes per chunk of hex (1,024 lines)
const PRETTY_LIMIT = 2 * 1024 * 1024;  // larger JSON bodies are shown as text unless asked

export function decodeBase64(base64) {
    const binary = atob(base64 || '');
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) {
        bytes[i] = binary.charCodeAt(i);
    }
    return bytes;
}

/** The body's kinds: text (valid UTF-8 or null) and whether it is JSON. */
function classify(bytes) {
    let text = null;
    try {
        text = new TextDecoder('utf-8', {fatal: true}).decode(bytes);
    } catch (e) {
        text = null;
    }
    let json = false;
    if (text !== null && text.trim() && bytes.length <= PRETTY_LIMIT) {
        try {
            JSON.parse(text);
            json = true;
        } catch (e) {
            json = false;
        }
    }
    return {text, json};
}

export function payloadView(bytes) {
    const {text, json} = classify(bytes);
    const modes = [];
    if (json) modes.push(['json', 'JSON']);
    if (text !== null) modes.push(['text', 'Text']);
    modes.push(['hex', 'Hex']);
    const output = h('div', {id: 'payload'});
    const buttons = modes.map(([mode, label]) => h('button', {
        type: 'button', 'data-mode': mode, 'aria-pressed': 'false', onclick: () => show(mode)
    }, label));
    const show = mode => {
        for (const button of buttons) {
            button.setAttribute('aria-pressed', String(button.dataset.mode === mode));
        }
        if (mode === 'json') {
            chunked(output, JSON.stringify(JSON.parse(text), null, 2), TEXT_CHUNK, 'payload-json');
        } else if (mode === 'text') {
            chunked(output, text, TEXT_CHUNK, 'payload-text');
        } else {
            hexChunks(output, bytes);
        }
    };
    const note = bytes.length === 0 ? h('p', {class: 'muted'}, 'Empty body.')
        : (text !== null && !json && bytes.length > PRETTY_LIMIT ? h('p', {class: 'muted'},
            'Larger than 2 MiB: not pretty-printed.') : null);
    show(modes[0][0]);
    return h('div', {}, h('div', {class: 'tabs', role: 'group', 'aria-label': 'Show the payload as'}, buttons), note, output);
}

function chunked(output, text, size, className) {
    const pre = h('pre', {class: 'payload ' + className, tabindex: '0'});
    let shown = 0;
    const more = h('button', {type: 'button', class: 'secondary'});
    const step = () => {
        pre.append(text.slice(shown, shown + size));
        shown = Math.min(text.length, shown + size);
        more.hidden = shown >= text.length;
        more.textContent = 'Show more (' + (text.length - shown).toLocaleString() + ' characters left)';
    };
    more.addEventListener('click', step);
    step();
    replace(output, pre, h('div', {class: 'actions'}, more));
}

function hexChunks(output, bytes) {
    const pre = h('pre', {class: 'payload payload-hex', tabindex: '0'});
    let shown = 0;
    const more = h('button', {type: 'button', class: 'secondary'});
    const step = () => {
        const end = Math.min(bytes.length, shown + HEX_CHUNK);
        const lines = [];
        for (let offset = shown; offset < end; offset += 16) {
            const row = bytes.subarray(offset, Math.min(end, offset + 16));
            let hex = '';
            let ascii = '';
            for (let i = 0; i < 16; i++) {
                hex += i < row.length ? row[i].toString(16).padStart(2, '0') + ' ' : '   ';
                ascii += i < row.length ? (row[i] >= 32 && row[i] < 127 ? String.fromCharCode(row[i]) : '.') : '';
            }
            lines.push(offset.toString(16).padStart(8, '0') + '  ' + hex + ' ' + ascii);
        }
        pre.append(lines.join('\n') + (end < bytes.length ? '\n' : ''));
        shown = end;
        more.hidden = shown >= bytes.length;
        more.textContent = 'Show more (' + (bytes.length - shown).toLocaleString() + ' bytes left)';
    };
    more.addEventListener('click', step);
    step();
    replace(output, pre, h('div', {class: 'actions'}, more));
}
