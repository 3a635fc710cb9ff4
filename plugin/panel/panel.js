// The libero panel: the shot list with take thumbnails, per-stage progress, prompt/seed,
// regenerate, choose take, render. Plain ES module, no build step. It talks only to the API of
// `libero serve` (same origin; the token rides in the cookie set from the printed panel URL).
// Contract: src/server/api-contract.ts.
/* global WebSocket, location, CSS */

const STAGES = ['still', 'video', 'upscale'];
// takeQc: `take.qc` events of takes the shot list does not show yet (shotId -> takeId -> qc).
// offline: the editor's media missing on the service's machine (GET /api/project offline[]).
const state = {
  timeline: null,
  shots: new Map(),
  render: null,
  audio: [],
  offline: [],
  takeQc: new Map(),
};
const $ = (id) => document.getElementById(id);

async function api(method, path, body) {
  const res = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  });
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    const error = data?.error ?? { code: String(res.status), message: res.statusText };
    throw Object.assign(new Error(error.message), { api: error });
  }
  return data;
}

function formatError(error) {
  if (error == null) return '';
  const lines = [`${error.code}: ${error.message}`];
  if (error.hint) lines.push(`hint: ${error.hint}`);
  return lines.join('\n');
}

function showTimelineError(error) {
  const box = $('timeline-error');
  box.hidden = error == null;
  const lead =
    state.timeline == null
      ? 'The timeline cannot be read yet.'
      : 'The last export could not be read; showing the last good version.';
  box.textContent = error == null ? '' : `${lead}\n${formatError(error)}`;
}

// ---- rendering -------------------------------------------------------------------------

function qcSummary(qc) {
  if (qc.faults.length === 0) return `QC ${qc.score}: no fault found`;
  return `QC ${qc.score}: ${qc.faults.map(faultText).join('; ')}`;
}

function faultText(fault) {
  const frames =
    fault.endFrame === fault.startFrame
      ? `frame ${fault.startFrame}`
      : `frames ${fault.startFrame}-${fault.endFrame}`;
  const where = fault.inCut ? `inside the cut at ${fault.timecode}` : 'outside the cut';
  return `${fault.kind} ${frames}, ${where} (${fault.detail})`;
}

// The take's QC score on its thumbnail: red when the cut shows a fault, amber when only the
// unused handles have one.
function qcBadge(qc) {
  const badge = document.createElement('b');
  badge.className = 'take-qc';
  badge.dataset.score = String(qc.score);
  badge.dataset.faults = qc.faults.some((f) => f.inCut)
    ? 'in-cut'
    : qc.faults.length > 0
      ? 'outside-cut'
      : 'none';
  badge.textContent = `QC ${qc.score}`;
  return badge;
}

// The faults of the active take (what the edit shows), and QC of takes not listed yet.
function renderFaults(list, shot) {
  const active = shot.takes.find((t) => t.active);
  const items = (active?.qc?.faults ?? []).map((fault) => {
    const item = document.createElement('li');
    item.dataset.kind = fault.kind;
    item.dataset.inCut = String(fault.inCut);
    item.textContent = `${active.id}: ${faultText(fault)}`;
    return item;
  });
  for (const [takeId, qc] of state.takeQc.get(shot.id) ?? []) {
    if (shot.takes.some((t) => t.id === takeId)) continue;
    const item = document.createElement('li');
    item.dataset.take = takeId;
    item.dataset.inCut = String(qc.faults.some((f) => f.inCut));
    item.textContent = `${takeId} (new): ${qcSummary(qc)}`;
    items.push(item);
  }
  list.replaceChildren(...items);
  list.hidden = items.length === 0;
}

// A shot without a take whose upscale failed everywhere: the cut shows its video at the delivery
// size until the next run upscales it for real.
function renderStandIn(box, shot) {
  const standIn = shot.degraded ?? null;
  box.hidden = standIn === null;
  if (standIn === null) {
    box.replaceChildren();
    delete box.dataset.status;
    return;
  }
  box.dataset.status = 'degraded';
  box.title = standIn.reason;
  const text = document.createElement('span');
  text.className = 'stand-in-text';
  text.textContent = `stand-in: upscale failed (${standIn.reason}) — the next run upscales for real`;
  box.replaceChildren(text);
  if (standIn.previewUrl) {
    const link = document.createElement('a');
    link.href = standIn.previewUrl;
    link.textContent = 'play stand-in';
    box.append(' ', link);
  }
}

function shotElement(shot) {
  let li = document.querySelector(`li.shot[data-shot-id="${CSS.escape(shot.id)}"]`);
  if (li === null) {
    const template = $('shot-template');
    li = template.content.firstElementChild.cloneNode(true);
    li.dataset.shotId = shot.id;
    li.querySelector('form').addEventListener('submit', (event) => {
      event.preventDefault();
      void regenerate(shot.id, li);
    });
  }
  return li;
}

function renderShot(shot) {
  const li = shotElement(shot);
  li.querySelector('.shot-index').textContent = String(shot.index + 1).padStart(2, '0');
  li.querySelector('.shot-name').textContent = shot.name;
  const badge = li.querySelector('.shot-status');
  badge.textContent = shot.status;
  badge.dataset.status = shot.status;
  li.dataset.status = shot.status;

  const takes = li.querySelector('.takes');
  takes.replaceChildren(
    ...shot.takes.map((take) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'take' + (take.active ? ' active' : '');
      button.title = `${take.id}${take.prompt ? ': ' + take.prompt : ''}${take.seed != null ? ' (seed ' + take.seed + ')' : ''}${take.qc ? '\n' + qcSummary(take.qc) : ''}`;
      button.dataset.take = take.id;
      if (take.qc) button.append(qcBadge(take.qc));
      if (take.stillUrl) {
        const img = document.createElement('img');
        img.src = take.stillUrl;
        img.alt = `${shot.name} ${take.id}`;
        img.loading = 'lazy';
        button.append(img);
      }
      const label = document.createElement('span');
      label.textContent = take.id;
      button.append(label);
      button.addEventListener('click', () => void chooseTake(shot.id, take.id, li));
      return button;
    }),
  );

  renderFaults(li.querySelector('.qc-faults'), shot);
  renderStandIn(li.querySelector('.stand-in'), shot);

  const stages = li.querySelector('.stages');
  stages.replaceChildren(
    ...shot.stages.flatMap((s) => {
      const name = document.createElement('span');
      name.textContent = s.stage;
      const bar = document.createElement('progress');
      bar.max = 100;
      bar.value = s.percent;
      bar.dataset.stage = s.stage;
      bar.dataset.status = s.status;
      const pct = document.createElement('span');
      pct.className = 'muted';
      pct.textContent = s.status === 'running' ? `${s.percent}%` : s.status;
      return [name, bar, pct];
    }),
  );

  const form = li.querySelector('form');
  // Do not overwrite what the editor is typing.
  // The active take's prompt and seed (what made the picture on screen), else the timeline's.
  const active = shot.takes.find((t) => t.active);
  if (!form.contains(document.activeElement)) {
    form.elements.prompt.value = active?.prompt ?? shot.prompt ?? '';
    form.elements.seed.value = active?.seed ?? shot.seed ?? '';
    form.elements.motion.value = shot.motion ?? '';
  }
  form.querySelector('.regenerate').disabled =
    shot.status === 'queued' || shot.status === 'running';
  const err = li.querySelector('.shot-error');
  err.hidden = shot.error == null;
  err.textContent = formatError(shot.error);
  return li;
}

function renderAll() {
  const list = $('shots');
  const shots = [...state.shots.values()].sort((a, b) => a.index - b.index);
  list.replaceChildren(...shots.map(renderShot));
  $('empty').hidden = shots.length > 0;
  $('timeline-name').textContent = state.timeline
    ? `${state.timeline.name} · version ${state.timeline.version} · ${shots.length} shots`
    : 'waiting for the timeline…';
  $('audio-section').hidden = state.audio.length === 0;
  $('audio').replaceChildren(...state.audio.map(audioItem));
  $('offline-section').hidden = state.offline.length === 0;
  $('offline').replaceChildren(...state.offline.map(offlineItem));
  renderRender();
}

const CUE_STATUS = {
  cached: 'made',
  missing: 'made by the next render',
  failed: 'failed',
  unknown: 'status unknown',
};

// A voice-over line or score cue with its status; a failed one with the vendor's words.
function audioItem(cue) {
  const li = document.createElement('li');
  li.className = 'cue';
  li.dataset.status = cue.status;
  const text = document.createElement('span');
  text.textContent = `${cue.kind === 'voiceover' ? 'V.O.' : 'Score'}: ${cue.text}`;
  const badge = document.createElement('span');
  badge.className = 'badge cue-status';
  badge.dataset.status = cue.status;
  badge.textContent = CUE_STATUS[cue.status] ?? cue.status;
  li.append(badge, ' ', text);
  if (cue.status === 'failed' && cue.error) {
    const why = document.createElement('div');
    why.className = 'cue-error';
    why.textContent = `${cue.error.code}: ${cue.error.message} — the render leaves it silent`;
    li.append(why);
  }
  return li;
}

function timeOf(seconds) {
  const whole = Math.floor(seconds);
  const m = Math.floor(whole / 60);
  const s = String(whole % 60).padStart(2, '0');
  return `${m}:${s}`;
}

// One clip of the editor's media that is not on the service's machine.
function offlineItem(clip) {
  const li = document.createElement('li');
  li.className = 'offline-clip';
  li.dataset.clip = clip.clipName;
  const looked =
    clip.localPath !== null && clip.localPath !== clip.editorPath
      ? ` (looked for ${clip.localPath})`
      : '';
  const where = clip.editorPath === '' ? clip.reason : `${clip.editorPath}${looked}`;
  li.textContent = `clip ${clip.clipName} on ${clip.trackName} at ${timeOf(clip.start)}: ${where}`;
  li.title = clip.reason;
  return li;
}

function renderRender() {
  const r = state.render;
  const bar = $('render-progress');
  const status = $('render-status');
  const link = $('render-link');
  bar.hidden = r == null || r.status !== 'running';
  bar.value = r?.percent ?? 0;
  $('render-button').disabled = r?.status === 'running' || state.timeline == null;
  link.hidden = r?.status !== 'done';
  if (r?.status === 'done' && r.fileUrl) link.href = r.fileUrl;
  status.textContent =
    r == null
      ? ''
      : r.status === 'running'
        ? `rendering ${r.percent}%`
        : r.status === 'done'
          ? 'render done'
          : `render failed: ${formatError(r.error)}`;
  status.dataset.status = r?.status ?? '';
}

function updateShot(shotId, change) {
  const shot = state.shots.get(shotId);
  if (shot === undefined) return;
  change(shot);
  renderShot(shot);
}

// ---- actions ---------------------------------------------------------------------------

async function regenerate(shotId, li) {
  const form = li.querySelector('form');
  const body = {};
  const shot = state.shots.get(shotId);
  const prompt = form.elements.prompt.value.trim();
  const seed = form.elements.seed.value.trim();
  const motion = form.elements.motion.value.trim();
  if (prompt !== '' && prompt !== (shot?.prompt ?? '')) body.prompt = prompt;
  if (seed !== '' && Number(seed) !== shot?.seed) body.seed = Number(seed);
  if (motion !== (shot?.motion ?? '') && motion !== '') body.motion = motion;
  const err = li.querySelector('.shot-error');
  try {
    const answer = await api('POST', `/api/shots/${encodeURIComponent(shotId)}/regenerate`, body);
    state.shots.set(shotId, answer.shot);
    document.activeElement?.blur?.();
    renderShot(answer.shot);
  } catch (error) {
    err.hidden = false;
    err.textContent = formatError(error.api ?? { code: 'NETWORK', message: String(error) });
  }
}

async function chooseTake(shotId, takeId, li) {
  try {
    const shot = await api('POST', `/api/shots/${encodeURIComponent(shotId)}/take`, {
      take: takeId,
    });
    state.shots.set(shotId, shot);
    renderShot(shot);
  } catch (error) {
    const err = li.querySelector('.shot-error');
    err.hidden = false;
    err.textContent = formatError(error.api ?? { code: 'NETWORK', message: String(error) });
  }
}

async function startRender() {
  try {
    state.render = await api('POST', '/api/renders', {});
    renderRender();
  } catch (error) {
    state.render = {
      status: 'failed',
      percent: 0,
      error: error.api ?? { code: 'NETWORK', message: String(error) },
    };
    renderRender();
  }
}

// ---- events ----------------------------------------------------------------------------

function onEvent(event) {
  switch (event.type) {
    case 'timeline.loaded':
      state.timeline = event.timeline;
      state.shots = new Map(event.shots.map((s) => [s.id, s]));
      if (event.offline !== undefined) state.offline = event.offline;
      showTimelineError(null);
      renderAll();
      void refreshProject();
      break;
    case 'timeline.error':
      showTimelineError(event.error);
      break;
    case 'shot.queued':
      updateShot(event.shotId, (shot) => {
        shot.status = 'queued';
        shot.error = null;
        for (const s of shot.stages)
          if (event.stages.includes(s.stage)) Object.assign(s, { status: 'queued', percent: 0 });
      });
      break;
    case 'shot.progress':
      updateShot(event.shotId, (shot) => {
        shot.status = 'running';
        for (const s of shot.stages) {
          if (STAGES.indexOf(s.stage) < STAGES.indexOf(event.stage))
            Object.assign(s, { status: 'done', percent: 100 });
          if (s.stage === event.stage)
            Object.assign(s, { status: 'running', percent: event.percent });
        }
      });
      break;
    case 'take.qc':
      updateShot(event.shotId, (shot) => {
        const take = shot.takes.find((t) => t.id === event.take);
        if (take !== undefined) take.qc = event.qc;
        else {
          const pending = state.takeQc.get(event.shotId) ?? new Map();
          pending.set(event.take, event.qc);
          state.takeQc.set(event.shotId, pending);
        }
      });
      break;
    case 'shot.done':
      state.takeQc.delete(event.shotId);
      state.shots.set(event.shotId, event.shot);
      renderShot(event.shot);
      break;
    case 'shot.failed':
      updateShot(event.shotId, (shot) => {
        shot.status = 'failed';
        shot.error = event.error;
        if (event.degraded != null) shot.degraded = event.degraded;
        for (const s of shot.stages) if (s.stage === event.stage) s.status = 'failed';
      });
      break;
    case 'render.progress':
      state.render = {
        ...(state.render ?? {}),
        id: event.renderId,
        status: 'running',
        percent: event.percent,
        error: null,
      };
      renderRender();
      break;
    case 'render.done':
      state.render = {
        id: event.renderId,
        status: 'done',
        percent: 100,
        fileUrl: event.fileUrl,
        error: null,
      };
      renderRender();
      break;
    case 'render.failed':
      state.render = {
        id: event.renderId,
        status: 'failed',
        percent: state.render?.percent ?? 0,
        error: event.error,
      };
      renderRender();
      break;
    default:
      break;
  }
}

async function refreshProject() {
  try {
    const project = await api('GET', '/api/project');
    state.timeline = project.timeline;
    state.audio = project.audio;
    state.offline = project.offline ?? [];
    state.render = project.render ?? state.render;
    for (const shot of project.shots) state.shots.set(shot.id, shot);
    renderAll();
    showTimelineError(project.lastError);
  } catch (error) {
    showTimelineError(error.api ?? { code: 'NETWORK', message: String(error) });
  }
}

let retry = 500;
function connect() {
  const badge = $('connection');
  const socket = new WebSocket(`ws://${location.host}/api/events`);
  socket.addEventListener('open', () => {
    retry = 500;
    badge.textContent = 'live';
    badge.dataset.state = 'open';
  });
  socket.addEventListener('message', (message) => {
    try {
      onEvent(JSON.parse(message.data));
    } catch (error) {
      console.error('bad event', error);
    }
  });
  socket.addEventListener('close', () => {
    badge.textContent = 'disconnected, retrying';
    badge.dataset.state = 'closed';
    setTimeout(connect, retry);
    retry = Math.min(retry * 2, 10_000);
  });
}

// ---- inside the Resolve plugin ----------------------------------------------------------
// The plugin's preload exposes `window.liberoResolve` (send, placeRegenMarker, bringBack); in a
// plain browser it is absent and the bar stays hidden.

function describeResult(action, result) {
  if (!result.ok) return `${action} failed: ${formatError(result.error)}`;
  switch (action) {
    case 'send':
      return `sent "${result.timeline}" to libero`;
    case 'regen':
      return `regen marker on "${result.marker.clip}", timeline sent`;
    default:
      return `imported as "${result.timeline}"${result.render ? ' with the render' : ''}${result.offline.length > 0 ? `; offline: ${result.offline.map((o) => (o.file ? `${o.clip} (${o.file})` : o.clip)).join(', ')}` : ''}`;
  }
}

function setupResolveBar() {
  const bridge = window.liberoResolve;
  if (bridge == null) return;
  $('resolve-bar').hidden = false;
  const status = $('resolve-status');
  const run = async (action, call) => {
    status.textContent = '…';
    let result;
    try {
      result = await call();
    } catch (error) {
      result = { ok: false, error: { code: 'INTERNAL', message: String(error) } };
    }
    status.dataset.ok = String(result.ok);
    status.textContent = describeResult(action, result);
  };
  $('resolve-send').addEventListener('click', () => void run('send', () => bridge.send()));
  $('resolve-regen').addEventListener(
    'click',
    () => void run('regen', () => bridge.placeRegenMarker($('resolve-note').value)),
  );
  $('resolve-bring-back').addEventListener(
    'click',
    () => void run('bring-back', () => bridge.bringBack()),
  );
}

setupResolveBar();
$('render-button').addEventListener('click', () => void startRender());
void refreshProject();
connect();
