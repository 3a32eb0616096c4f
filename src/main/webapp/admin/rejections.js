// Rejected requests counted per channel, reason and minute (GET /api/admin/rejections): a flood of
// rejections is counted, and only the first few of each kind a minute are listed as hooks.
import {h, empty, table} from './ui.js';

/** The counts as a table, newest minute first; "Listed" are those with a hook row of their own. */
export function rejectionTable(items, none) {
    if (items.length === 0) {
        return empty(none);
    }
    return h('div', {},
        table([
            {title: 'Minute'}, {title: 'Channel'}, {title: 'Reason'}, {title: 'Count', num: true},
            {title: 'Listed', num: true}
        ], items.map(r => h('tr', {},
            h('td', {}, new Date(r.minute).toLocaleString([], {dateStyle: 'short', timeStyle: 'short'})),
            h('th', {scope: 'row'}, r.channel === '*' ? 'other channels'
                : h('a', {href: '#/hooks?channel=' + encodeURIComponent(r.channel) + '&status=rejected'}, r.channel)),
            h('td', {}, r.reason), h('td', {class: 'num'}, r.count),
            h('td', {class: 'num'}, r.recorded))), {id: 'rejections'}),
        h('p', {class: 'muted'}, 'A flood of rejections is counted, not listed hook by hook: "Listed" are those '
            + 'with a row of their own among the hooks (the first few of each kind a minute).'));
}
