// One hook: metadata, signature verdict, headers, payload (JSON / text / hex), delivery records,
// and the replay button.
import {api} from './api.js';
import {h, replace, loading, empty, failure, table, badge, when, bytes, busy, announce} from './ui.js';
import {decodeBase64, payloadView} from './payload.js';

export function hookDetail(main, id) {
    let stopped = false;
    const load = async () => {
        replace(main, h('h1', {}, 'Hook ' + id), loading());
        try {
            const hook = await api.get('hooks/' + id);
            if (!stopped) render(main, hook, load);
        } catch (e) {
            if (!stopped && e.status !== 401) {
                replace(main, h('h1', {}, 'Hook ' + id), failure(e, e.status === 404 ? null : load),
                    h('p', {}, h('a', {href: '#/hooks'}, 'Back to the hooks')));
            }
        }
    };
    load();
    return () => { stopped = true; };
}

function render(main, hook, reload) {
    const replayButton = h('button', {type: 'button', id: 'replay', disabled: hook.status !== 'accepted',
        title: hook.status === 'accepted' ? 'Send it again to the channel\'s subscribers now' : 'Only accepted hooks are sent to subscribers'},
        'Replay');
    replayButton.addEventListener('click', async () => {
        try {
            const answer = await busy(replayButton, 'Replaying', () => api.post('hooks/' + hook.id + '/replay'));
            announce('Replayed hook ' + hook.id + ' to ' + answer.subscribers + ' subscriber'
                + (answer.subscribers === 1 ? '' : 's') + ' of ' + answer.channel + '.');
        } catch (e) {
            announce('Replay failed: ' + e.message, 'error');
        }
    });
    const verdict = hook.signature || (hook.status === 'rejected' ? 'rejected' : 'unsigned');
    const body = decodeBase64(hook.bodyBase64);
    replace(main,
        h('p', {}, h('a', {href: '#/hooks?channel=' + encodeURIComponent(hook.channel)}, '← Hooks of ' + hook.channel)),
        h('h1', {}, 'Hook ', h('span', {class: 'mono', id: 'hook-id'}, hook.id), ' ', badge(hook.status)),
        h('div', {class: 'actions'}, replayButton,
            h('button', {type: 'button', class: 'secondary', onclick: reload}, 'Refresh')),
        h('section', {class: 'card', 'aria-labelledby': 'meta-title'},
            h('h2', {id: 'meta-title'}, 'Arrival'),
            h('dl', {class: 'meta'},
                h('dt', {}, 'Channel'), h('dd', {}, h('a', {href: '#/channels/' + encodeURIComponent(hook.channel)}, hook.channel)),
                h('dt', {}, 'Received'), h('dd', {}, when(hook.receivedAt)),
                h('dt', {}, 'From'), h('dd', {class: 'mono'}, hook.remote || 'unknown'),
                h('dt', {}, 'Request'), h('dd', {class: 'mono'}, hook.method + ' ' + (hook.contentType || '(no content type)')),
                h('dt', {}, 'Size'), h('dd', {}, bytes(hook.size)),
                h('dt', {}, 'Signature'), h('dd', {id: 'signature'}, badge(verdict.startsWith('valid') ? 'valid ' + verdict.slice(5).trim() : verdict)),
                hook.reason ? [h('dt', {}, 'Reason'), h('dd', {}, hook.reason)] : null,
                hook.hash ? [h('dt', {}, 'Chain hash'), h('dd', {class: 'mono'}, hook.hash)] : null)),
        h('section', {class: 'card', 'aria-labelledby': 'headers-title'},
            h('h2', {id: 'headers-title'}, 'Headers (' + hook.headers.length + ')'),
            hook.headers.length === 0 ? empty('No headers.') : table([{title: 'Name'}, {title: 'Value'}],
                hook.headers.map(([name, value]) => h('tr', {}, h('td', {class: 'mono'}, name), h('td', {class: 'mono'}, value))),
                {id: 'headers'})),
        h('section', {class: 'card', 'aria-labelledby': 'payload-title'},
            h('h2', {id: 'payload-title'}, 'Payload'),
            hook.bodyBase64 === null ? empty('The body was not stored (the hook was refused before it was read).') : payloadView(body)),
        h('section', {class: 'card', 'aria-labelledby': 'deliveries-title'},
            h('h2', {id: 'deliveries-title'}, 'Deliveries (' + hook.deliveries.length + ')'),
            hook.deliveries.length === 0 ? empty('No delivery records: nobody was subscribed, or records are still being written (within seconds).')
                : table([{title: 'At'}, {title: 'Subscriber'}, {title: 'Remote'}, {title: 'Status'}, {title: 'Error'}],
                    hook.deliveries.map(d => h('tr', {},
                        h('td', {}, when(d.at)), h('td', {class: 'mono'}, d.subscriber), h('td', {class: 'mono'}, d.remote || ''),
                        h('td', {}, badge(d.status)), h('td', {}, d.error || ''))), {id: 'deliveries'})));
}
