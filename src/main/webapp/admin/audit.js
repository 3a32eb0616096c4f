// Audit: verify a channel's hash chain, purge by date (with confirmation and progress), and the
// admin action log.
import {api} from './api.js';
import {h, replace, loading, empty, failure, table, when, busy, announce, localToIso} from './ui.js';
import {runVerify} from './channels.js';

export function audit(main) {
    const channel = h('input', {id: 'verify-channel', required: true, pattern: '[A-Za-z0-9][A-Za-z0-9._-]{0,127}', placeholder: 'orders'});
    const verify = h('button', {type: 'submit', id: 'verify'}, 'Verify');
    const verifyResult = h('p', {id: 'verify-result', 'aria-live': 'polite'});
    const before = h('input', {id: 'purge-before', type: 'datetime-local', step: 1, required: true});
    const purge = h('button', {type: 'submit', id: 'purge', class: 'danger'}, 'Purge');
    const purgeProgress = h('progress', {id: 'purge-progress', hidden: true, 'aria-label': 'Purging'});
    const purgeResult = h('p', {id: 'purge-result', 'aria-live': 'polite'});
    const actions = h('div', {id: 'actions'}, loading());

    replace(main, h('h1', {}, 'Audit'),
        h('section', {class: 'card', 'aria-labelledby': 'verify-title'},
            h('h2', {id: 'verify-title'}, 'Verify a channel\'s hash chain'),
            h('p', {class: 'muted'}, 'Recomputes the chain over the retained accepted hooks: an edited byte or a deleted hook is reported.'),
            h('form', {class: 'filters', onsubmit: event => {
                event.preventDefault();
                runVerify(channel.value.trim(), verify, verifyResult);
            }}, h('label', {}, 'Channel', channel), verify),
            verifyResult),
        h('section', {class: 'card', 'aria-labelledby': 'purge-title'},
            h('h2', {id: 'purge-title'}, 'Purge'),
            h('p', {class: 'muted'}, 'Deletes every hook received before the time, with its delivery records, in small batches. It cannot be undone.'),
            h('form', {class: 'filters', onsubmit: async event => {
                event.preventDefault();
                const iso = localToIso(before.value);
                if (!confirm('Purge every hook received before ' + new Date(iso).toLocaleString() + '?')) return;
                purgeResult.textContent = '';
                purgeProgress.hidden = false;
                try {
                    const answer = await busy(purge, 'Purging', () => api.post('purge?before=' + encodeURIComponent(iso)));
                    purgeResult.textContent = 'Purged ' + answer.purged.toLocaleString() + ' hooks.';
                    announce('Purged ' + answer.purged.toLocaleString() + ' hooks received before ' + iso + '.');
                    loadActions();
                } catch (e) {
                    purgeResult.textContent = 'Purge failed: ' + e.message;
                } finally {
                    purgeProgress.hidden = true;
                }
            }}, h('label', {}, 'Received before', before), purge),
            purgeProgress, purgeResult),
        h('section', {class: 'card', 'aria-labelledby': 'actions-title'},
            h('h2', {id: 'actions-title'}, 'Admin actions'), actions));

    let stopped = false;
    const loadActions = async () => {
        try {
            const log = await api.get('actions?limit=50');
            if (stopped) return;
            replace(actions, log.items.length === 0 ? empty('No admin action yet.')
                : table([{title: 'At'}, {title: 'Actor'}, {title: 'Action'}, {title: 'Target'}, {title: 'Detail', narrow: true}],
                    log.items.map(a => h('tr', {}, h('td', {}, when(a.at)), h('td', {}, a.actor), h('td', {class: 'mono'}, a.action),
                        h('td', {}, a.target || ''), h('td', {class: 'hide-narrow'}, a.detail || '')))));
        } catch (e) {
            if (!stopped && e.status !== 401) replace(actions, failure(e, loadActions));
        }
    };
    loadActions();
    return () => { stopped = true; };
}
