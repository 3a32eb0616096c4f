// Hooks: search and filters, newest first, paged through the API's cursor ("Load older"). With the
// status "rejected", the rejection counts of the same channel and time range come first.
import {api} from './api.js';
import {h, replace, loading, empty, failure, table, badge, when, bytes, localToIso} from './ui.js';
import {rejectionTable} from './rejections.js';

const PAGE = 50;

export function hooks(main, params) {
    const field = (name, attributes) => h('input', {id: 'filter-' + name, name, value: params.get(name) || '', ...attributes});
    const channel = field('channel', {placeholder: 'any', pattern: '[A-Za-z0-9][A-Za-z0-9._-]{0,127}', size: 14});
    const q = field('q', {type: 'search', placeholder: 'text in body or headers', maxlength: 256, size: 22});
    const status = h('select', {id: 'filter-status', name: 'status'},
        ['', 'accepted', 'rejected', 'duplicate'].map(value => h('option', {
            value, selected: (params.get('status') || '') === value
        }, value || 'any')));
    const from = field('from', {type: 'datetime-local', step: 1, value: isoToLocal(params.get('from'))});
    const to = field('to', {type: 'datetime-local', step: 1, value: isoToLocal(params.get('to'))});
    const form = h('form', {class: 'filters card', role: 'search', onsubmit: event => {
        event.preventDefault();
        const query = new URLSearchParams();
        if (channel.value.trim()) query.set('channel', channel.value.trim());
        if (status.value) query.set('status', status.value);
        if (from.value) query.set('from', localToIso(from.value));
        if (to.value) query.set('to', localToIso(to.value));
        if (q.value) query.set('q', q.value);
        const hash = '#/hooks' + (query.toString() ? '?' + query : '');
        if (location.hash === hash) {
            start();
        } else {
            location.hash = hash;
        }
    }},
        h('label', {}, 'Channel', channel),
        h('label', {}, 'Status', status),
        h('label', {}, 'From', from),
        h('label', {}, 'To', to),
        h('label', {}, 'Search', q),
        h('button', {type: 'submit', id: 'search'}, 'Search'),
        h('button', {type: 'button', class: 'secondary', onclick: () => { location.hash = '#/hooks'; }}, 'Clear'));
    const results = h('div', {id: 'hook-results'});
    const counted = h('section', {id: 'rejection-counts', hidden: params.get('status') !== 'rejected'});
    replace(main, h('h1', {}, 'Hooks'), form, counted, results);

    const rows = h('tbody', {});
    const more = h('button', {type: 'button', id: 'older', class: 'secondary'}, 'Load older');
    const footer = h('p', {class: 'muted', 'aria-live': 'polite'});
    let next = null;
    let count = 0;
    let stopped = false;

    const query = before => {
        const query = new URLSearchParams();
        for (const name of ['channel', 'status', 'from', 'to', 'q']) {
            if (params.get(name)) query.set(name, params.get(name));
        }
        query.set('limit', PAGE);
        if (before) query.set('before', before);
        return 'hooks?' + query;
    };

    const countRejections = async () => {
        const query = new URLSearchParams({limit: 100});
        for (const name of ['channel', 'from', 'to']) {
            if (params.get(name)) query.set(name, params.get(name));
        }
        try {
            const counts = await api.get('rejections?' + query);
            if (!stopped) replace(counted, h('h2', {}, 'Rejections counted'),
                rejectionTable(counts.items, 'No rejection counted for these filters.'));
        } catch (e) {
            if (!stopped && e.status !== 401) replace(counted, failure(e, countRejections));
        }
    };

    const start = async () => {
        if (params.get('status') === 'rejected') countRejections();
        replace(results, loading('Searching…'));
        try {
            const page = await api.get(query(null));
            if (stopped) return;
            count = 0;
            rows.replaceChildren();
            if (page.items.length === 0) {
                replace(results, empty(params.toString() ? 'No hook matches these filters.' : 'No hooks yet. POST one to /hooks/{channel}.'));
                return;
            }
            addPage(page);
            replace(results, table([
                {title: 'Id'}, {title: 'Received'}, {title: 'Channel'}, {title: 'Status'},
                {title: 'Type', narrow: true}, {title: 'Size', num: true, narrow: true}, {title: 'Signature', narrow: true}
            ], [], {id: 'hooks-table'}), h('div', {class: 'actions'}, more), footer);
            results.querySelector('tbody').replaceWith(rows);
        } catch (e) {
            if (!stopped && e.status !== 401) replace(results, failure(e, start));
        }
    };

    const addPage = page => {
        for (const hook of page.items) {
            rows.append(h('tr', {'data-id': hook.id},
                h('td', {}, h('a', {href: '#/hooks/' + hook.id, class: 'mono'}, hook.id)),
                h('td', {}, when(hook.receivedAt)),
                h('td', {}, h('a', {href: '#/hooks?channel=' + encodeURIComponent(hook.channel)}, hook.channel)),
                h('td', {}, badge(hook.status), hook.reason ? h('div', {class: 'muted'}, hook.reason) : null),
                h('td', {class: 'hide-narrow mono'}, hook.contentType || '—'),
                h('td', {class: 'num hide-narrow'}, bytes(hook.size)),
                h('td', {class: 'hide-narrow'}, hook.signature || '—')));
        }
        count += page.items.length;
        next = page.next;
        more.hidden = next === null;
        footer.textContent = count + (count === 1 ? ' hook' : ' hooks') + ' shown' + (next === null ? ', no older ones.' : '.');
    };

    more.addEventListener('click', async () => {
        more.disabled = true;
        try {
            const page = await api.get(query(next));
            if (!stopped) addPage(page);
        } catch (e) {
            footer.textContent = 'Loading older hooks failed: ' + e.message;
        } finally {
            more.disabled = false;
        }
    });

    start();
    return () => { stopped = true; };
}

/** RFC 3339 (UTC) to the local value a datetime-local input shows. */
function isoToLocal(iso) {
    if (!iso) return '';
    const date = new Date(iso);
    if (isNaN(date)) return '';
    const pad = n => String(n).padStart(2, '0');
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}
