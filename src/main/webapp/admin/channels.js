// Channels: the list (configured ones and those with subscribers now), and one channel's settings
// (secrets write-only), its subscribers (remote address, connected since, delivered and queued,
// kick) and its chain verification.
import {api} from './api.js';
import {h, replace, loading, empty, failure, table, when, busy, announce} from './ui.js';

export function channels(main) {
    const name = h('input', {id: 'channel-name', required: true, pattern: '[A-Za-z0-9][A-Za-z0-9._-]{0,127}', placeholder: 'orders'});
    const body = h('div', {}, loading());
    replace(main, h('h1', {}, 'Channels'),
        h('form', {class: 'filters card', onsubmit: event => {
            event.preventDefault();
            location.hash = '#/channels/' + encodeURIComponent(name.value.trim());
        }}, h('label', {}, 'Open a channel by name', name), h('button', {type: 'submit'}, 'Open')),
        body);
    let stopped = false;
    const load = async () => {
        replace(body, loading());
        try {
            const list = await api.get('channels');
            if (stopped) return;
            replace(body, list.items.length === 0
                ? empty('No configured channel and no subscriber. Any valid name works without set-up.')
                : table([{title: 'Channel'}, {title: 'Settings'}, {title: 'Signing'}, {title: 'Token', narrow: true},
                    {title: 'Subscribers', num: true}], list.items.map(c => h('tr', {},
                    h('th', {scope: 'row'}, h('a', {href: '#/channels/' + encodeURIComponent(c.name)}, c.name)),
                    h('td', {}, c.configured ? 'configured' : 'defaults'),
                    h('td', {}, c.signing ? c.signing.scheme : 'unsigned'),
                    h('td', {class: 'hide-narrow'}, c.tokenSet ? 'required' : 'none'),
                    h('td', {class: 'num'}, c.subscribers))), {id: 'channels-table'}));
        } catch (e) {
            if (!stopped && e.status !== 401) replace(body, failure(e, load));
        }
    };
    load();
    return () => { stopped = true; };
}

export function channelDetail(main, name) {
    const settings = h('div', {}, loading());
    const subscribers = h('div', {id: 'subscribers'}, loading());
    const verifyResult = h('p', {id: 'verify-result', 'aria-live': 'polite'});
    const verify = h('button', {type: 'button', id: 'verify', class: 'secondary'}, 'Verify the hash chain');
    verify.addEventListener('click', () => runVerify(name, verify, verifyResult));
    replace(main,
        h('p', {}, h('a', {href: '#/channels'}, '← Channels')),
        h('h1', {}, 'Channel ', h('span', {class: 'mono'}, name)),
        h('div', {class: 'actions'},
            h('a', {href: '#/hooks?channel=' + encodeURIComponent(name)}, 'Its hooks'), ' · ',
            h('a', {href: '#/tail/' + encodeURIComponent(name)}, 'Tail it live')),
        h('section', {class: 'card', 'aria-labelledby': 'subs-title'},
            h('h2', {id: 'subs-title'}, 'Subscribers'), subscribers),
        h('section', {class: 'card', 'aria-labelledby': 'settings-title'},
            h('h2', {id: 'settings-title'}, 'Settings'), settings),
        h('section', {class: 'card', 'aria-labelledby': 'chain-title'},
            h('h2', {id: 'chain-title'}, 'Tamper evidence'), verify, verifyResult));
    let stopped = false;
    let timer = null;
    const loadSubscribers = async () => {
        try {
            const list = await api.get('subscribers?channel=' + encodeURIComponent(name));
            if (!stopped) renderSubscribers(subscribers, list.items, loadSubscribers);
        } catch (e) {
            if (!stopped && e.status !== 401) replace(subscribers, failure(e, loadSubscribers));
        }
        if (!stopped) {
            clearTimeout(timer);
            timer = setTimeout(loadSubscribers, 5000);
        }
    };
    const loadSettings = async () => {
        try {
            const channel = await api.get('channels/' + encodeURIComponent(name));
            if (!stopped) renderSettings(settings, channel, loadSettings);
        } catch (e) {
            if (!stopped && e.status !== 401) replace(settings, failure(e, loadSettings));
        }
    };
    loadSubscribers();
    loadSettings();
    return () => {
        stopped = true;
        clearTimeout(timer);
    };
}

function renderSubscribers(container, items, reload) {
    if (items.length === 0) {
        replace(container, empty('Nobody is subscribed now.'));
        return;
    }
    replace(container, table([{title: 'Id'}, {title: 'Remote address'}, {title: 'Connected since'},
        {title: 'Delivered', num: true}, {title: 'Queued', num: true}, {title: ''}],
    items.map(s => {
        const kick = h('button', {type: 'button', class: 'danger', 'data-kick': s.id,
            'aria-label': 'Kick subscriber ' + s.id + ' (' + s.remote + ')'}, 'Kick');
        kick.addEventListener('click', async () => {
            try {
                await busy(kick, 'Kicking', () => api.del('subscribers/' + s.id));
                announce('Subscriber ' + s.id + ' was closed with 1008.');
            } catch (e) {
                announce('Kick failed: ' + e.message, 'error');
            }
            reload();
        });
        return h('tr', {'data-subscriber': s.id},
            h('td', {class: 'mono'}, s.id), h('td', {class: 'mono'}, s.remote), h('td', {}, when(s.connectedAt)),
            h('td', {class: 'num'}, s.delivered), h('td', {class: 'num'}, s.queued), h('td', {}, kick));
    }), {id: 'subscribers-table'}));
}

function renderSettings(container, channel, reload) {
    const field = (id, attributes) => h('input', {id, ...attributes});
    const scheme = h('select', {id: 'signing-scheme'}, ['', 'standard', 'github', 'stripe'].map(value =>
        h('option', {value, selected: (channel.signing ? channel.signing.scheme : '') === value}, value || 'unsigned')));
    const secret = field('signing-secret', {type: 'password', autocomplete: 'off',
        placeholder: channel.signing && channel.signing.secretSet ? 'set (leave empty to keep)' : 'not set'});
    const previous = field('signing-previous', {type: 'password', autocomplete: 'off',
        placeholder: channel.signing && channel.signing.previousSecretSet ? 'set (leave empty to keep)' : 'not set'});
    const clearPrevious = h('input', {type: 'checkbox', id: 'signing-previous-clear'});
    const token = field('subscriber-token', {type: 'password', autocomplete: 'off', minlength: 16,
        placeholder: channel.tokenSet ? 'set (leave empty to keep)' : 'not set'});
    const clearToken = h('input', {type: 'checkbox', id: 'subscriber-token-clear'});
    const number = (id, value) => field(id, {type: 'number', min: 1, step: 1, value: value ?? '', placeholder: 'default'});
    const maxBytes = number('max-bytes', channel.maxBytes);
    const perSecond = number('rate-per-second', channel.rateLimit && channel.rateLimit.perSecond);
    const burst = number('rate-burst', channel.rateLimit && channel.rateLimit.burst);
    const retention = number('retention-days', channel.retentionDays);
    const save = h('button', {type: 'submit', id: 'save-settings'}, 'Save');
    const reset = h('button', {type: 'button', class: 'secondary', id: 'reset-settings'}, 'Reset to defaults');
    const error = h('p', {class: 'state error', role: 'alert', hidden: true});

    const change = () => {
        const body = {};
        const schemeNow = channel.signing ? channel.signing.scheme : '';
        if (!scheme.value && schemeNow) {
            body.signing = null;
        } else if (scheme.value && (scheme.value !== schemeNow || secret.value || previous.value || clearPrevious.checked)) {
            body.signing = {scheme: scheme.value};
            if (secret.value) body.signing.secret = secret.value;
            if (previous.value) body.signing.previousSecret = previous.value;
            else if (clearPrevious.checked) body.signing.previousSecret = null;
        }
        if (token.value) body.subscriberToken = token.value;
        else if (clearToken.checked) body.subscriberToken = null;
        const numberOrNull = input => input.value === '' ? null : Number(input.value);
        if (numberOrNull(maxBytes) !== (channel.maxBytes ?? null)) body.maxBytes = numberOrNull(maxBytes);
        const rateNow = channel.rateLimit || {};
        if (numberOrNull(perSecond) !== (rateNow.perSecond ?? null) || numberOrNull(burst) !== (rateNow.burst ?? null)) {
            body.rateLimit = perSecond.value === '' ? null : {perSecond: numberOrNull(perSecond), burst: numberOrNull(burst)};
        }
        if (numberOrNull(retention) !== (channel.retentionDays ?? null)) body.retentionDays = numberOrNull(retention);
        return body;
    };

    const form = h('form', {id: 'settings-form', onsubmit: async event => {
        event.preventDefault();
        error.hidden = true;
        const body = change();
        if (Object.keys(body).length === 0) {
            announce('Nothing changed.');
            return;
        }
        try {
            await busy(save, 'Saving', () => api.put('channels/' + encodeURIComponent(channel.name), body));
            announce('Saved the settings of ' + channel.name + ' (' + Object.keys(body).join(', ') + ').');
            reload();
        } catch (e) {
            error.textContent = e.message;
            error.hidden = false;
        }
    }},
        h('p', {class: 'muted'}, 'Secrets and the token are write-only: Hookcast never shows them, only whether they are set.'),
        h('div', {class: 'row'},
            h('label', {}, 'Signing scheme', scheme),
            h('label', {}, 'Secret', secret),
            h('label', {}, 'Previous secret', previous),
            h('label', {class: 'check'}, h('span', {}, 'Remove previous secret'), clearPrevious)),
        h('div', {class: 'row'},
            h('label', {}, 'Subscriber token', token),
            h('label', {class: 'check'}, h('span', {}, 'Remove the token'), clearToken)),
        h('div', {class: 'row'},
            h('label', {}, 'Max body bytes', maxBytes),
            h('label', {}, 'Rate per second', perSecond),
            h('label', {}, 'Burst', burst),
            h('label', {}, 'Retention days', retention)),
        h('div', {class: 'actions'}, save, reset), error);
    reset.addEventListener('click', async () => {
        if (!confirm('Reset ' + channel.name + ' to the defaults? Signing, token and limits are removed.')) return;
        try {
            await busy(reset, 'Resetting', () => api.del('channels/' + encodeURIComponent(channel.name)));
            announce(channel.name + ' is back to the defaults.');
            reload();
        } catch (e) {
            announce('Reset failed: ' + e.message, 'error');
        }
    });
    replace(container, form);
}

/** Verification of a long chain takes a while: the button shows the elapsed time meanwhile. */
export async function runVerify(name, button, result) {
    result.textContent = '';
    try {
        const answer = await busy(button, 'Verifying', () => api.get('channels/' + encodeURIComponent(name) + '/verify'));
        result.className = answer.firstBroken === null ? 'ok' : 'state error';
        result.textContent = answer.firstBroken === null
            ? 'Chain intact: ' + answer.verified.toLocaleString() + ' hooks verified.'
            : 'Chain broken at hook ' + answer.firstBroken + ' (after ' + answer.verified.toLocaleString() + ' hooks).';
    } catch (e) {
        result.className = 'state error';
        result.textContent = 'Verification failed: ' + e.message;
    }
}
