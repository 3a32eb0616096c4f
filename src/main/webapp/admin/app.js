// The console's shell: login, navigation (hash routes), and one view at a time.
import {api, loggedIn, whenUnauthorized} from './api.js';
import {h, replace, announce, clearAnnouncement} from './ui.js';
import {overview} from './overview.js';
import {hooks} from './hooks.js';
import {hookDetail} from './hook.js';
import {tail} from './tail.js';
import {channels, channelDetail} from './channels.js';
import {audit} from './audit.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
/** What the current view must stop (timers, sockets) when another replaces it. */
let teardown = () => {};

const routes = [
    [/^overview$/, () => overview],
    [/^hooks$/, () => hooks],
    [/^hooks\/(\d+)$/, id => view => hookDetail(view, id)],
    [/^tail(?:\/(.+))?$/, channel => view => tail(view, channel ? decodeURIComponent(channel) : '')],
    [/^channels$/, () => channels],
    [/^channels\/(.+)$/, name => view => channelDetail(view, decodeURIComponent(name))],
    [/^audit$/, () => audit]
];

function parseRoute() {
    const hash = location.hash.replace(/^#\/?/, '');
    const [path, query = ''] = hash.split('?');
    return {path: path || 'overview', params: new URLSearchParams(query)};
}

function render() {
    teardown();
    teardown = () => {};
    clearAnnouncement();
    if (!loggedIn()) {
        nav.hidden = true;
        showLogin();
        return;
    }
    nav.hidden = false;
    const {path, params} = parseRoute();
    for (const link of nav.querySelectorAll('a')) {
        if (path.split('/')[0] === link.dataset.route) {
            link.setAttribute('aria-current', 'page');
        } else {
            link.removeAttribute('aria-current');
        }
    }
    for (const [pattern, make] of routes) {
        const match = pattern.exec(path);
        if (match) {
            const view = make(match[1]);
            const stop = view(main, params);
            teardown = typeof stop === 'function' ? stop : () => {};
            main.focus();
            return;
        }
    }
    replace(main, h('h1', {}, 'Not found'), h('p', {}, 'No such page. ', h('a', {href: '#/overview'}, 'Overview')));
}

function showLogin() {
    const password = h('input', {type: 'password', id: 'password', name: 'password', autocomplete: 'current-password',
        required: true});
    const submit = h('button', {type: 'submit', id: 'login'}, 'Log in');
    const error = h('p', {class: 'state error', role: 'alert', hidden: true});
    const form = h('form', {
        onsubmit: async event => {
            event.preventDefault();
            submit.disabled = true;
            error.hidden = true;
            try {
                await api.login(password.value);
                password.value = '';
                if (!location.hash || location.hash === '#/login') {
                    location.hash = '#/overview';
                }
                render();
            } catch (e) {
                error.textContent = e.message;
                error.hidden = false;
                password.focus();
            } finally {
                submit.disabled = false;
            }
        }
    },
        h('label', {}, 'User', h('input', {type: 'text', value: 'admin', readonly: true, name: 'user', autocomplete: 'username'})),
        h('label', {for: 'password'}, 'Password', password),
        submit, error);
    replace(main, h('section', {class: 'login card', 'aria-labelledby': 'login-title'},
        h('h1', {id: 'login-title'}, 'Log in to Hookcast'), form,
        h('p', {class: 'muted'}, 'The password is hookcast.admin.password, or the one Hookcast logged at its first start.')));
    password.focus();
}

whenUnauthorized(() => {
    nav.hidden = true;
    teardown();
    teardown = () => {};
    showLogin();
    announce('Your session ended: please log in again.', 'error');
});

document.getElementById('logout').addEventListener('click', async () => {
    try {
        await api.logout();
    } catch (e) {
        // the session is gone either way
    }
    render();
});

window.addEventListener('hashchange', render);
render();
