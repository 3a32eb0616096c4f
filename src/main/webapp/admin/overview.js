// Overview: hooks per minute over the last hour (SVG bar chart), per channel: hooks, rejected,
// deliveries, failures, drops and live subscribers, and the rejections of the last hour per channel,
// reason and minute. Refreshes every 10 seconds while the tab is visible.
import {api} from './api.js';
import {h, s, replace, loading, empty, failure, table} from './ui.js';
import {rejectionTable} from './rejections.js';

const REFRESH_MS = 10_000;

export function overview(main) {
    const body = h('div', {}, loading());
    replace(main, h('h1', {}, 'Overview'), body);
    let timer = null;
    let stopped = false;
    const load = async () => {
        if (document.hidden && body.firstChild && body.firstChild.id === 'overview') {
            // nobody is looking: ask again later rather than count a million hooks for nothing
            timer = setTimeout(load, REFRESH_MS);
            return;
        }
        try {
            const since = new Date(Date.now() - 3_600_000).toISOString();
            const [stats, rejections] = await Promise.all([api.get('stats'),
                api.get('rejections?limit=50&from=' + encodeURIComponent(since))]);
            if (!stopped) {
                replace(body, render(stats, rejections.items));
            }
        } catch (e) {
            if (!stopped && e.status !== 401) {
                replace(body, failure(e, load));
            }
        }
        if (!stopped) {
            clearTimeout(timer);
            timer = setTimeout(load, REFRESH_MS);
        }
    };
    load();
    return () => {
        stopped = true;
        clearTimeout(timer);
    };
}

function render(stats, rejections) {
    const totals = stats.channels.reduce((sum, c) => ({
        hooks: sum.hooks + c.hooks, deliveries: sum.deliveries + c.deliveries,
        failures: sum.failures + c.failures, drops: sum.drops + c.drops
    }), {hooks: 0, deliveries: 0, failures: 0, drops: 0});
    const lastHour = stats.perMinute.counts.reduce((a, b) => a + b, 0);
    return h('div', {id: 'overview'},
        h('div', {class: 'grid'},
            figure(lastHour, 'hooks in the last hour'),
            figure(stats.subscribers, 'live subscribers', 'live-subscribers'),
            figure(totals.deliveries, 'deliveries'),
            figure(totals.failures, 'failures'),
            figure(totals.drops, 'drops')),
        h('section', {class: 'card', 'aria-labelledby': 'chart-title'},
            h('h2', {id: 'chart-title'}, 'Hooks per minute, last hour'),
            chart(stats.perMinute)),
        h('h2', {}, 'Channels'),
        stats.channels.length === 0
            ? empty('No hooks retained and nobody subscribed yet. POST one to /hooks/{channel}.')
            : table([
                {title: 'Channel'}, {title: 'Hooks', num: true}, {title: 'Rejected', num: true},
                {title: 'Deliveries', num: true},
                {title: 'Failures', num: true}, {title: 'Drops', num: true}, {title: 'Subscribers', num: true}
            ], stats.channels.map(c => h('tr', {},
                h('th', {scope: 'row'}, h('a', {href: '#/channels/' + encodeURIComponent(c.name)}, c.name)),
                h('td', {class: 'num'}, c.hooks), h('td', {class: 'num'}, c.rejected),
                h('td', {class: 'num'}, c.deliveries),
                h('td', {class: 'num'}, c.failures), h('td', {class: 'num'}, c.drops),
                h('td', {class: 'num'}, c.subscribers))), {id: 'channel-stats'}),
        h('h2', {}, 'Rejections, last hour'),
        rejectionTable(rejections, 'No request was rejected in the last hour.'),
        h('p', {class: 'muted'}, 'Counts cover the hooks retention keeps. Updated ', new Date(stats.at).toLocaleTimeString(),
            ', every 10 seconds while this tab is visible.'));
}

function figure(value, label, id) {
    return h('div', {class: 'figure', id}, h('b', {}, value.toLocaleString()), h('span', {}, label));
}

/** 60 bars, one per minute; the axis shows the peak and the times at both ends. */
function chart(perMinute) {
    const counts = perMinute.counts;
    const max = Math.max(1, ...counts);
    const width = 900, height = 220, left = 36, bottom = 20, top = 8;
    const barWidth = (width - left) / counts.length;
    const start = new Date(perMinute.from);
    const label = minute => new Date(start.getTime() + minute * 60_000).toLocaleTimeString([], {hour: '2-digit', minute: '2-digit'});
    const bars = counts.map((count, i) => {
        const barHeight = (height - bottom - top) * count / max;
        return s('rect', {class: 'bar', x: left + i * barWidth + 1, y: height - bottom - barHeight,
            width: Math.max(1, barWidth - 2), height: barHeight},
            s('title', {}, label(i) + ': ' + count + ' hooks'));
    });
    const summary = counts.map((c, i) => label(i) + ' ' + c).filter((_, i) => counts[i] > 0).join(', ') || 'no hooks';
    return h('svg', {class: 'chart', viewBox: `0 0 ${width} ${height}`, role: 'img',
        'aria-label': 'Hooks per minute over the last hour, peak ' + max + ': ' + summary},
        s('line', {x1: left, x2: width, y1: height - bottom, y2: height - bottom}),
        s('line', {x1: left, x2: width, y1: top, y2: top}),
        s('text', {x: 0, y: top + 10}, String(max)),
        s('text', {x: 0, y: height - bottom}, '0'),
        s('text', {x: left, y: height - 4}, label(0)),
        s('text', {x: width - 40, y: height - 4}, label(counts.length - 1)),
        bars);
}
