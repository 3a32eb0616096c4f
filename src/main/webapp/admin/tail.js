// Live tail: the console subscribes to /ws/{channel} like any client and lists frames as they
// arrive, newest on top, keeping the last 200 (payloads shown truncated).
import {channelSocketUrl} from './api.js';
import {h, replace, empty, badge, when} from './ui.js';

const KEEP = 200;
const PREVIEW = 2000;

export function tail(main, initial) {
    const channel = h('input', {id: 'tail-channel', name: 'channel', required: true, value: initial,
        pattern: '[A-Za-z0-9][A-Za-z0-9._-]{0,127}', placeholder: 'orders'});
    const token = h('input', {id: 'tail-token', name: 'token', type: 'password', autocomplete: 'off',
        placeholder: 'only for channels with a token'});
    const state = h('p', {id: 'tail-state', class: 'muted', 'aria-live': 'polite'}, 'Not connected.');
    const list = h('ol', {class: 'tail', id: 'tail-frames', 'aria-label': 'Frames received, newest first'});
    const placeholder = empty('Frames appear here as hooks arrive.');
    const connect = h('button', {type: 'submit', id: 'tail-connect'}, 'Connect');
    const disconnect = h('button', {type: 'button', class: 'secondary', id: 'tail-disconnect', disabled: true}, 'Disconnect');
    let socket = null;

    const close = () => {
        if (socket) {
            socket.onclose = null;
            socket.close(1000, 'console closed the tail');
            socket = null;
        }
        disconnect.disabled = true;
    };

    const open = name => {
        close();
        list.replaceChildren();
        placeholder.hidden = false;
        state.textContent = 'Connecting to ' + name + '…';
        const ws = new WebSocket(channelSocketUrl(name, token.value));
        socket = ws;
        ws.onopen = () => {
            state.textContent = 'Connected to ' + name + ': waiting for hooks.';
            state.dataset.connected = 'true';
            disconnect.disabled = false;
        };
        ws.onmessage = event => {
            placeholder.hidden = true;
            list.prepend(frameItem(event.data));
            while (list.childElementCount > KEEP) {
                list.lastElementChild.remove();
            }
        };
        ws.onclose = event => {
            state.dataset.connected = 'false';
            state.textContent = 'Disconnected (' + event.code + (event.reason ? ' ' + event.reason : '') + ').';
            disconnect.disabled = true;
            socket = null;
        };
    };

    disconnect.addEventListener('click', () => {
        close();
        state.dataset.connected = 'false';
        state.textContent = 'Disconnected.';
    });
    const form = h('form', {class: 'filters card', onsubmit: event => {
        event.preventDefault();
        const name = channel.value.trim();
        history.replaceState(null, '', '#/tail/' + encodeURIComponent(name));
        open(name);
    }}, h('label', {}, 'Channel', channel), h('label', {}, 'Token', token), connect, disconnect);

    replace(main, h('h1', {}, 'Live tail'), form, state, placeholder, list);
    if (initial) {
        open(initial);
    }
    return close;
}

function frameItem(text) {
    let frame;
    try {
        frame = JSON.parse(text);
    } catch (e) {
        return h('li', {}, h('pre', {class: 'mono'}, text.slice(0, PREVIEW)));
    }
    if (frame.type !== 'hook') {
        return h('li', {class: 'muted'}, h('code', {}, text.slice(0, PREVIEW)));
    }
    const payload = frame.encoding === 'json' ? JSON.stringify(frame.payload, null, 2) : String(frame.payload);
    const shown = payload.length > PREVIEW ? payload.slice(0, PREVIEW) + '\n… (' + (payload.length - PREVIEW) + ' more characters: open the hook)' : payload;
    return h('li', {'data-id': frame.id},
        h('a', {href: '#/hooks/' + frame.id, class: 'mono'}, frame.id), ' ', when(frame.receivedAt), ' ',
        h('span', {class: 'mono'}, frame.contentType || ''), ' ', badge(frame.encoding),
        frame.replay ? [' ', badge('replay')] : null,
        h('pre', {class: 'payload'}, shown));
}
