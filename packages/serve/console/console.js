// depledger's console: one script, no framework, no build. It renders each section from the JSON
// API (the same routes an MDM calls) with the API key the administrator signed in with, kept in
// this tab's sessionStorage. Words come from the server's catalogue (/console/messages.json).
'use strict';

(() => {
  const keyStore = 'depledger.apiKey';
  const langStore = 'depledger.lang';
  const state = { catalogue: null, lang: 'fr', key: sessionStorage.getItem(keyStore), view: 0, devices: { pages: [null], filters: {} } };

  // ---- words -------------------------------------------------------------------------------------
  const t = (key, vars = {}) => {
    let text = state.catalogue[state.lang][key] ?? key;
    for (const [name, value] of Object.entries(vars)) text = text.split(`{${name}}`).join(String(value));
    return text;
  };
  const locale = () => (state.lang === 'fr' ? 'fr-FR' : 'en-GB');
  const when = (iso) => (iso ? new Date(iso).toLocaleString(locale(), { dateStyle: 'medium', timeStyle: 'short' }) : t('common.never'));
  const day = (iso) => (iso ? new Date(iso).toLocaleDateString(locale(), { dateStyle: 'long' }) : '—');

  // ---- DOM ---------------------------------------------------------------------------------------
  /** An element with attributes (on* are listeners) and children (text is always text, never HTML). */
  const h = (tag, attrs = {}, ...children) => {
    const element = document.createElement(tag);
    // the server checks every field and answers with its error code; the browser's own checks would hide those
    if (tag === 'form') element.noValidate = true;
    for (const [name, value] of Object.entries(attrs)) {
      if (value === false || value === null || value === undefined) continue;
      if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
      else if (name === 'className') element.className = value;
      else element.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return element;
  };
  const main = () => document.getElementById('main');
  const notice = (text) => {
    const box = document.getElementById('notice');
    box.textContent = text;
    clearTimeout(notice.timer);
    notice.timer = setTimeout(() => (box.textContent = ''), 6000);
  };
  const badge = (code, label) => h('span', { className: `badge ${code}`, 'data-code': code }, label);

  // ---- the API -----------------------------------------------------------------------------------
  class ApiError extends Error {
    constructor(status, body) {
      super(body && body.message ? body.message : `HTTP ${status}`);
      this.status = status;
      this.code = body && body.code ? body.code : 'HTTP_' + status;
      this.details = (body && body.details) || {};
    }
  }
  const api = async (method, path, { json, raw, headers = {} } = {}) => {
    const init = { method, headers: { authorization: `Bearer ${state.key}`, ...headers } };
    if (json !== undefined) {
      init.headers['content-type'] = 'application/json';
      init.body = JSON.stringify(json);
    } else if (raw !== undefined) {
      init.headers['content-type'] = 'application/pkcs7-mime';
      init.body = raw;
    }
    const response = await fetch(path, init);
    const type = response.headers.get('content-type') || '';
    const body = type.startsWith('application/json') ? await response.json() : await response.text();
    if (response.status === 401 && sessionStorage.getItem(keyStore)) signOut();
    if (!response.ok) throw new ApiError(response.status, body);
    return body;
  };
  const withLang = (path) => `${path}${path.includes('?') ? '&' : '?'}lang=${state.lang}`;

  /** Shows an error beside the fields it names (`details.issues[].path`), else at the form's foot; always with its code. */
  const showErrors = (form, error) => {
    for (const old of form.querySelectorAll('.field-error')) old.remove();
    for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
    const issues = Array.isArray(error.details.issues) ? error.details.issues : [];
    let placed = false;
    for (const issue of issues) {
      const field = form.querySelector(`[data-field="${CSS.escape(issue.path)}"]`);
      if (!field) continue;
      placed = true;
      const id = `error-${field.id}`;
      field.setAttribute('aria-invalid', 'true');
      field.setAttribute('aria-describedby', id);
      field.insertAdjacentElement(
        'afterend',
        h(
          'span',
          { className: 'field-error', id, 'data-code': error.code, title: issue.message },
          explainError(error, `${issue.path}: ${issue.message}`),
        ),
      );
    }
    if (!placed)
      form.append(h('span', { className: 'field-error', role: 'alert', 'data-code': error.code }, explainError(error, error.message)));
  };
  /** An error in the console's language when the catalogue knows its code; the code itself is always shown. */
  const explainError = (error, detail) => {
    const known = state.catalogue[state.lang][`errors.${error.code}`];
    // the server's detail is in English: shown as is in English, kept as a tooltip in French
    if (!known) return `${error.code} — ${detail}`;
    return state.lang === 'en' ? `${error.code} — ${known} (${detail})` : `${error.code} — ${known}`;
  };
  const clearErrors = (form) => form.querySelectorAll('.field-error').forEach((old) => old.remove());

  /** Submits a form through `action`; errors go beside their fields and the view is drawn again on success. */
  const onSubmit = (action) => async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      clearErrors(form);
      const message = await action(form);
      notice(message ?? t('common.done'));
      await route();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      showErrors(form, error);
    } finally {
      button.disabled = false;
    }
  };
  /** Runs a button's action; the view is drawn again afterwards unless the action changed nothing (`redraw: false`). */
  const act =
    (action, { redraw = true } = {}) =>
    async (event) => {
      const button = event.currentTarget;
      button.disabled = true;
      try {
        notice((await action()) ?? t('common.done'));
        if (redraw) await route();
        else button.disabled = false;
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        notice(explainError(error, error.message));
        button.disabled = false;
      }
    };
  const field = (id, label, input) => [h('label', { for: id }, label), input];

  // ---- sign in -----------------------------------------------------------------------------------
  const signOut = () => {
    sessionStorage.removeItem(keyStore);
    state.key = null;
    void route();
  };
  const loginView = () => {
    const form = h(
      'form',
      { onsubmit: onSubmit(async (f) => signIn(f.elements.namedItem('key').value.trim())) },
      h('h1', {}, t('login.title')),
      field(
        'key',
        t('login.key'),
        h('input', { id: 'key', name: 'key', type: 'password', autocomplete: 'off', required: true, 'data-field': 'key' }),
      ),
      h('p', {}, t('login.hint')),
      h('button', { type: 'submit', 'data-action': 'sign-in' }, t('login.submit')),
    );
    return form;
  };
  const signIn = async (key) => {
    state.key = key;
    try {
      await api('GET', '/tokens');
    } catch (error) {
      state.key = null;
      // a refused key is the key field's error
      if (error instanceof ApiError) error.details = { ...error.details, issues: [{ path: 'key', message: error.message }] };
      throw error;
    }
    sessionStorage.setItem(keyStore, key);
    if (!location.hash || location.hash === '#/login') location.hash = '#/syncs';
  };

  // ---- tokens ------------------------------------------------------------------------------------
  const tokenCard = (token) => {
    const uploadForm = h(
      'form',
      {
        className: 'upload',
        onsubmit: onSubmit(async (f) => {
          const file = f.elements.namedItem('p7m').files[0];
          const appleId = f.elements.namedItem('appleId').value.trim();
          const uploaded = await api('PUT', `/tokens/${encodeURIComponent(token.tokenId)}/server-token`, {
            raw: file ? await file.arrayBuffer() : new ArrayBuffer(0),
            headers: appleId ? { 'x-apple-id': appleId } : {},
          });
          return t('tokens.uploaded', { date: day(uploaded.expiresAt) });
        }),
      },
      h('h3', {}, t('tokens.upload')),
      field(
        `apple-id-${token.tokenId}`,
        t('tokens.appleId'),
        h('input', { id: `apple-id-${token.tokenId}`, name: 'appleId', type: 'email', 'data-field': 'x-apple-id', autocomplete: 'off' }),
      ),
      field(
        `p7m-${token.tokenId}`,
        t('tokens.file'),
        h('input', {
          id: `p7m-${token.tokenId}`,
          name: 'p7m',
          type: 'file',
          accept: '.p7m,application/pkcs7-mime',
          'data-field': '(body)',
        }),
      ),
      h('p', {}, h('button', { type: 'submit', 'data-action': 'upload' }, t('tokens.upload'))),
    );
    const guidance = ['terms_not_signed', 'expiring', 'expired', 'rejected', 'awaiting_upload'].includes(token.health)
      ? h('p', { className: 'guidance' }, t(`tokens.guidance.${token.health}`))
      : null;
    return h(
      'section',
      { className: 'card', 'data-token': token.tokenId, 'aria-labelledby': `token-${token.tokenId}` },
      h('h2', { id: `token-${token.tokenId}` }, `${t('tokens.token')} ${token.tokenId} `, badge(token.health, token.healthLabel)),
      guidance,
      h(
        'dl',
        {},
        h('dt', {}, t('tokens.server')),
        h('dd', {}, token.serverName ? `${token.serverName} (${token.orgName ?? ''})` : '—'),
        h('dt', {}, t('tokens.expires')),
        h('dd', { 'data-expiry': '' }, token.expiresAt ? `${day(token.expiresAt)} — ${t('tokens.daysLeft', { n: token.daysLeft })}` : '—'),
        h('dt', {}, t('tokens.defaultProfile')),
        h('dd', {}, token.defaultProfileId ?? t('common.none')),
        h('dt', {}, t('tokens.lastSync')),
        h('dd', {}, when(token.lastSuccessfulSyncAt)),
      ),
      h(
        'p',
        {},
        h(
          'button',
          { type: 'button', className: 'secondary', 'data-action': 'generate-key', onclick: act(() => generateKey(token.tokenId)) },
          t('tokens.generateKey'),
        ),
        ' ',
        h(
          'button',
          {
            type: 'button',
            className: 'secondary',
            'data-action': 'download-pem',
            onclick: act(() => downloadPem(token.tokenId), { redraw: false }),
          },
          t('tokens.downloadPem'),
        ),
      ),
      uploadForm,
    );
  };
  const generateKey = async (tokenId) => {
    await api('POST', `/tokens/${encodeURIComponent(tokenId)}/keys`);
    return t('common.done');
  };
  const downloadPem = async (tokenId) => {
    const pem = await api('GET', `/tokens/${encodeURIComponent(tokenId)}/certificate.pem`);
    const link = h('a', { href: URL.createObjectURL(new Blob([pem], { type: 'application/x-pem-file' })), download: `${tokenId}.pem` });
    document.body.append(link);
    link.click();
    link.remove();
    return t('common.done');
  };
  const tokensView = async () => {
    const { tokens } = await api('GET', withLang('/tokens'));
    const newToken = h(
      'form',
      { className: 'card', onsubmit: onSubmit(async (f) => generateKey(f.elements.namedItem('tokenId').value.trim())) },
      h('h2', {}, t('tokens.newToken')),
      field(
        'new-token-id',
        t('tokens.tokenId'),
        h('input', { id: 'new-token-id', name: 'tokenId', required: true, 'data-field': 'tokenId' }),
      ),
      h('p', {}, h('button', { type: 'submit', 'data-action': 'new-token' }, t('tokens.generateKey'))),
    );
    return [h('h1', {}, t('tokens.title')), tokens.length === 0 ? h('p', {}, t('tokens.empty')) : null, ...tokens.map(tokenCard), newToken];
  };

  // ---- profiles ----------------------------------------------------------------------------------
  const profilesView = async () => {
    const [{ profiles }, { tokens }] = await Promise.all([api('GET', '/profiles'), api('GET', withLang('/tokens'))]);
    const rows = profiles.map((p) =>
      h(
        'tr',
        { 'data-profile': p.profileId },
        h('td', {}, p.profileId),
        h('td', {}, p.tokenId),
        h('td', {}, String(p.settings.name ?? '')),
        h('td', {}, String(p.version)),
        h('td', {}, badge(p.status, t(`profiles.status.${p.status}`)), p.isDefault ? [' ', badge('ok', t('profiles.isDefault'))] : null),
        h(
          'td',
          {},
          p.status === 'draft'
            ? h(
                'button',
                {
                  type: 'button',
                  'data-action': 'publish',
                  onclick: act(() => api('POST', `/profiles/${encodeURIComponent(p.profileId)}/publish`).then(() => undefined)),
                },
                t('profiles.publish'),
              )
            : null,
          p.status === 'published' && !p.isDefault
            ? h(
                'button',
                {
                  type: 'button',
                  className: 'secondary',
                  'data-action': 'make-default',
                  onclick: act(() =>
                    api('PUT', `/tokens/${encodeURIComponent(p.tokenId)}/default-profile`, { json: { profileId: p.profileId } }).then(
                      () => undefined,
                    ),
                  ),
                },
                t('profiles.makeDefault'),
              )
            : null,
        ),
      ),
    );
    // each pane: Apple's skip key, then what it skips in the console's language and where it exists
    const panes = state.catalogue.panes.map((pane) =>
      h(
        'label',
        { className: 'check pane' },
        h('input', { type: 'checkbox', name: 'skip', value: pane.key }),
        ' ',
        h('span', { className: 'pane-key' }, pane.key),
        ' ',
        h('span', { className: 'pane-description', lang: state.lang }, `${pane[state.lang]} (${pane.platforms})`),
      ),
    );
    const define = h(
      'form',
      {
        className: 'card',
        onsubmit: onSubmit(async (f) => {
          const value = (name) => f.elements.namedItem(name).value.trim();
          await api('POST', '/profiles', {
            json: {
              profileId: value('profileId'),
              tokenId: value('tokenId'),
              settings: {
                name: value('name'),
                url: value('url'),
                userAffinity: f.elements.namedItem('userAffinity').checked,
                supervised: f.elements.namedItem('supervised').checked,
                skipSetupItems: [...f.querySelectorAll('input[name=skip]:checked')].map((box) => box.value),
              },
            },
          });
        }),
      },
      h('h2', {}, t('profiles.define')),
      field('profile-id', t('profiles.profileId'), h('input', { id: 'profile-id', name: 'profileId', 'data-field': 'profileId' })),
      field(
        'profile-token',
        t('profiles.token'),
        h(
          'select',
          { id: 'profile-token', name: 'tokenId', 'data-field': 'tokenId' },
          tokens.map((tk) => h('option', { value: tk.tokenId }, tk.tokenId)),
        ),
      ),
      field('profile-name', t('profiles.name'), h('input', { id: 'profile-name', name: 'name', 'data-field': 'settings.name' })),
      field('profile-url', t('profiles.url'), h('input', { id: 'profile-url', name: 'url', type: 'url', 'data-field': 'settings.url' })),
      h(
        'label',
        { className: 'check' },
        h('input', { type: 'checkbox', name: 'userAffinity', checked: true }),
        ' ',
        t('profiles.userAffinity'),
      ),
      h(
        'label',
        { className: 'check' },
        h('input', { type: 'checkbox', name: 'supervised', checked: true }),
        ' ',
        t('profiles.supervised'),
      ),
      h(
        'fieldset',
        { 'data-field': 'settings.skipSetupItems', id: 'profile-panes' },
        h('legend', {}, t('profiles.skip')),
        h('div', { className: 'panes' }, panes),
      ),
      h('p', {}, h('button', { type: 'submit', 'data-action': 'define' }, t('profiles.submit'))),
    );
    return [
      h('h1', {}, t('profiles.title')),
      profiles.length === 0
        ? h('p', {}, t('profiles.empty'))
        : h(
            'table',
            {},
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                [t('profiles.profileId'), t('profiles.token'), t('profiles.name'), t('profiles.version'), t('profiles.status'), ''].map(
                  (c) => h('th', { scope: 'col' }, c),
                ),
              ),
            ),
            h('tbody', {}, rows),
          ),
      define,
    ];
  };

  // ---- devices -----------------------------------------------------------------------------------
  const devicesView = async () => {
    const { filters, pages } = state.devices;
    const page = pages.length - 1;
    const query = new URLSearchParams({ limit: '50', lang: state.lang });
    for (const [name, value] of Object.entries(filters)) if (value) query.set(name, value);
    if (pages[page]) query.set('after', pages[page]);
    const { devices, next } = await api('GET', `/devices?${query}`);
    const statusOptions = ['not_contacted', 'enrolled', 'pending_reset', 'failed', 'released'].map((code) =>
      h('option', { value: code, selected: filters.status === code }, t(`status.${code}`)),
    );
    const filterForm = h(
      'form',
      {
        className: 'filters',
        role: 'search',
        onsubmit: onSubmit(async (f) => {
          const value = (name) => f.elements.namedItem(name).value.trim();
          state.devices = {
            pages: [null],
            filters: { serial: value('serial'), status: value('status'), model: value('model'), profileId: value('profileId') },
          };
          return '';
        }),
      },
      h(
        'div',
        {},
        field(
          'device-serial',
          t('devices.search'),
          h('input', { id: 'device-serial', name: 'serial', value: filters.serial ?? '', 'data-field': 'serial' }),
        ),
      ),
      h(
        'div',
        {},
        field(
          'device-status',
          t('devices.status'),
          h(
            'select',
            { id: 'device-status', name: 'status', 'data-field': 'status' },
            h('option', { value: '' }, t('devices.anyStatus')),
            statusOptions,
          ),
        ),
      ),
      h(
        'div',
        {},
        field(
          'device-model',
          t('devices.model'),
          h('input', { id: 'device-model', name: 'model', value: filters.model ?? '', 'data-field': 'model' }),
        ),
      ),
      h(
        'div',
        {},
        field(
          'device-profile',
          t('devices.profile'),
          h('input', { id: 'device-profile', name: 'profileId', value: filters.profileId ?? '', 'data-field': 'profileId' }),
        ),
      ),
      h('div', {}, h('button', { type: 'submit', 'data-action': 'filter' }, t('devices.filter'))),
    );
    const rows = devices.map((d) =>
      h(
        'tr',
        { 'data-serial': d.serial },
        h('td', {}, h('a', { href: `#/devices/${encodeURIComponent(d.serial)}` }, d.serial)),
        h('td', {}, badge(d.status, d.statusLabel)),
        h('td', {}, d.model ?? '—'),
        h('td', {}, d.profile.profileId ?? '—'),
        h('td', {}, when(d.statusSince)),
      ),
    );
    const pager = h(
      'div',
      { className: 'pager' },
      h(
        'button',
        { type: 'button', className: 'secondary', disabled: page === 0, onclick: () => (pages.pop(), route()) },
        t('devices.previous'),
      ),
      h('span', {}, t('devices.page', { n: page + 1 })),
      h(
        'button',
        { type: 'button', className: 'secondary', disabled: next === null, onclick: () => (pages.push(next), route()) },
        t('devices.next'),
      ),
    );
    return [
      h('h1', {}, t('devices.title')),
      filterForm,
      devices.length === 0
        ? h('p', {}, t('devices.empty'))
        : h(
            'table',
            { id: 'devices' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                [t('devices.serial'), t('devices.status'), t('devices.model'), t('devices.profile'), t('devices.since')].map((c) =>
                  h('th', { scope: 'col' }, c),
                ),
              ),
            ),
            h('tbody', {}, rows),
          ),
      pager,
    ];
  };
  const timelineView = async (serial) => {
    const { history } = await api('GET', withLang(`/devices/${encodeURIComponent(serial)}/history`));
    return [
      h('p', {}, h('a', { href: '#/devices' }, t('devices.back'))),
      h('h1', {}, t('devices.timeline', { serial })),
      h(
        'table',
        {},
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            [t('devices.when'), t('devices.what'), t('devices.who'), t('devices.status')].map((c) => h('th', { scope: 'col' }, c)),
          ),
        ),
        h(
          'tbody',
          {},
          history.map((entry) =>
            h(
              'tr',
              {},
              h('td', {}, when(entry.occurredAt)),
              h('td', {}, entry.description),
              h('td', {}, entry.actor),
              h('td', {}, entry.status ? badge(entry.status.code, entry.status.label) : ''),
            ),
          ),
        ),
      ),
    ];
  };

  // ---- syncs -------------------------------------------------------------------------------------
  // a full run's fetch lists each device once and its sync pass lists them again: count the fetch's, else the sync feed's
  const devicesFromApple = (records) => (records ? (records.fetch > 0 ? records.fetch : records.sync) : 0);
  const syncSection = async (token) => {
    const { runs } = await api('GET', withLang(`/tokens/${encodeURIComponent(token.tokenId)}/syncs?limit=20`));
    const running = token.runningSync;
    const live = running ? runs.find((r) => r.runId === running.runId) : undefined;
    const progress = running
      ? t('syncs.running', {
          started: when(running.startedAt),
          pages: live?.live?.pages ?? live?.pages ?? 0,
          devices: devicesFromApple(live?.live?.records ?? live?.records),
          deadline: when(running.deadlineAt),
        })
      : t('syncs.idle');
    const explain = (run) => {
      if (run.refusal)
        return [
          t(`refusal.${run.refusal.reason}`),
          run.refusal.retryAt ? ` — ${t('syncs.retryAt', { date: when(run.refusal.retryAt) })}` : '',
        ];
      if (run.failure) return `${run.failure.code} — ${run.failure.message}`;
      return t('syncs.counts', run.counts);
    };
    return h(
      'section',
      { className: 'card', 'data-token': token.tokenId, 'aria-labelledby': `sync-${token.tokenId}` },
      h('h2', { id: `sync-${token.tokenId}` }, `${t('tokens.token')} ${token.tokenId} `, badge(token.health, token.healthLabel)),
      h(
        'p',
        {},
        h(
          'button',
          {
            type: 'button',
            id: `sync-now-${token.tokenId}`,
            'data-sync-now': token.tokenId,
            disabled: running !== null || token.stage !== 'active',
            'aria-describedby': `progress-${token.tokenId}`,
            onclick: act(async () => {
              await api('POST', `/tokens/${encodeURIComponent(token.tokenId)}/syncs`, { json: { kind: 'full' } });
              return t('syncs.started');
            }),
          },
          t('syncs.syncNow'),
        ),
      ),
      h(
        'p',
        { id: `progress-${token.tokenId}`, className: running ? 'progress' : '', 'data-running': running ? 'true' : 'false' },
        progress,
      ),
      h('p', {}, t('tokens.nextFull'), ' — ', when(token.nextFullSyncAllowedAt)),
      h('h3', {}, t('syncs.history')),
      runs.length === 0
        ? h('p', {}, t('syncs.empty'))
        : h(
            'table',
            {},
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                [t('syncs.requestedAt'), t('syncs.kind'), t('syncs.outcome'), t('syncs.devices'), t('syncs.by')].map((c) =>
                  h('th', { scope: 'col' }, c),
                ),
              ),
            ),
            h(
              'tbody',
              {},
              runs.map((run) =>
                h(
                  'tr',
                  { 'data-run': run.runId, 'data-outcome': run.outcome },
                  h('td', {}, when(run.requestedAt)),
                  h('td', {}, t(`syncs.kind.${run.kind ?? run.requested}`)),
                  h('td', {}, badge(run.outcome, run.outcomeLabel)),
                  h('td', {}, explain(run)),
                  h('td', {}, run.actor),
                ),
              ),
            ),
          ),
    );
  };
  const syncsView = async () => {
    const { tokens } = await api('GET', withLang('/tokens'));
    const sections = await Promise.all(tokens.map(syncSection));
    return [h('h1', {}, t('syncs.title')), tokens.length === 0 ? h('p', {}, t('tokens.empty')) : null, ...sections];
  };

  // ---- routing -----------------------------------------------------------------------------------
  const views = { tokens: tokensView, profiles: profilesView, devices: devicesView, syncs: syncsView };

  /** Draws the section the address names; the syncs section draws itself again every second (no reload). */
  const route = async () => {
    const view = ++state.view;
    document.documentElement.lang = state.lang;
    document.title = t('app.title');
    for (const element of document.querySelectorAll('[data-m]')) element.textContent = t(element.dataset.m);
    document.getElementById('lang').setAttribute('aria-label', t('lang.switch'));
    document.getElementById('nav').setAttribute('aria-label', t('nav.label'));
    const signedIn = Boolean(state.key);
    document.getElementById('nav').hidden = !signedIn;
    document.getElementById('logout').hidden = !signedIn;
    if (!signedIn) {
      main().replaceChildren(loginView());
      main().setAttribute('aria-busy', 'false');
      return;
    }
    const [, section = 'syncs', serial] = location.hash.split('/');
    for (const link of document.querySelectorAll('#nav a')) {
      if (link.getAttribute('href') === `#/${section}`) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    const draw = section === 'devices' && serial ? () => timelineView(decodeURIComponent(serial)) : (views[section] ?? syncsView);
    // busy until the view is drawn: what is typed meanwhile would be replaced (assistive technology and tests wait for it)
    main().setAttribute('aria-busy', 'true');
    try {
      const content = await draw();
      if (view !== state.view) return;
      // keep the focus where it was when the same section is drawn again
      const focused = document.activeElement && document.activeElement.id;
      main().replaceChildren(...[content].flat().filter(Boolean));
      // a device's timeline is its own view: a test or a style can tell it from the list it was opened from
      main().dataset.view = section === 'devices' && serial ? 'device' : section;
      main().setAttribute('aria-busy', 'false');
      if (focused) document.getElementById(focused)?.focus();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (view === state.view) {
        main().replaceChildren(
          h('p', { role: 'alert', className: 'field-error', 'data-code': error.code }, `${error.code} — ${error.message}`),
        );
        main().setAttribute('aria-busy', 'false');
      }
    }
    if (section === 'syncs' && !serial) {
      setTimeout(() => {
        if (view === state.view) void route();
      }, 1000);
    }
  };

  const start = async () => {
    state.catalogue = await (await fetch('/console/messages.json')).json();
    const remembered = localStorage.getItem(langStore);
    state.lang = remembered === 'fr' || remembered === 'en' ? remembered : document.documentElement.lang === 'en' ? 'en' : 'fr';
    document.getElementById('lang').addEventListener('click', () => {
      state.lang = state.lang === 'fr' ? 'en' : 'fr';
      localStorage.setItem(langStore, state.lang);
      void route();
    });
    document.getElementById('logout').addEventListener('click', signOut);
    window.addEventListener('hashchange', () => void route());
    await route();
  };
  void start();
})();
