// The admin API as the console uses it: the session cookie (HttpOnly, set by the login) plus the
// CSRF token on every state-changing request. Errors are thrown as ApiError with the problem's detail.

const BASE = new URL('../api/admin/', document.baseURI);
const TOKEN = 'hookcast.csrf';

export class ApiError extends Error {
    constructor(status, message) {
        super(message);
        this.status = status;
    }
}

let onUnauthorized = () => {};

export function whenUnauthorized(handler) {
    onUnauthorized = handler;
}

export function loggedIn() {
    return sessionStorage.getItem(TOKEN) !== null;
}

async function request(method, path, body) {
    const headers = {'Accept': 'application/json'};
    if (method !== 'GET') {
        headers['X-CSRF-Token'] = sessionStorage.getItem(TOKEN) || '';
    }
    if (body !== undefined) {
        headers['Content-Type'] = 'application/json';
    }
    let response;
    try {
        response = await fetch(new URL(path, BASE), {
            method, headers, credentials: 'same-origin',
            body: body === undefined ? undefined : JSON.stringify(body)
        });
    } catch (e) {
        throw new ApiError(0, 'Hookcast cannot be reached (' + e.message + ').');
    }
    if (response.status === 401) {
        sessionStorage.removeItem(TOKEN);
        onUnauthorized();
        throw new ApiError(401, 'Please log in.');
    }
    const text = await response.text();
    let json = null;
    if (text) {
        try {
            json = JSON.parse(text);
        } catch (e) {
            json = null;
        }
    }
    if (!response.ok) {
        const detail = json && (json.detail || json.title);
        throw new ApiError(response.status, detail || ('HTTP ' + response.status));
    }
    return json;
}

export const api = {
    get: path => request('GET', path),
    post: (path, body) => request('POST', path, body),
    put: (path, body) => request('PUT', path, body),
    del: path => request('DELETE', path),

    async login(password) {
        const answer = await fetch(new URL('login', BASE), {
            method: 'POST', credentials: 'same-origin',
            headers: {'Content-Type': 'application/json', 'Accept': 'application/json'},
            body: JSON.stringify({user: 'admin', password})
        });
        const text = await answer.text();
        const json = text ? JSON.parse(text) : {};
        if (!answer.ok) {
            const wait = answer.headers.get('Retry-After');
            throw new ApiError(answer.status, answer.status === 429
                ? 'Too many failed logins: try again in ' + (wait || 'a few') + ' s.'
                : (json.detail || 'Wrong password.'));
        }
        sessionStorage.setItem(TOKEN, json.csrfToken);
    },

    async logout() {
        try {
            await request('POST', 'logout');
        } finally {
            sessionStorage.removeItem(TOKEN);
        }
    }
};

/** The WebSocket URL of a channel, next to the console. */
export function channelSocketUrl(channel, token) {
    const url = new URL('../ws/' + encodeURIComponent(channel), document.baseURI);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    if (token) {
        url.searchParams.set('access_token', token);
    }
    return url.toString();
}
