// The playhead as a frame number on the timeline's record clock (the clock TimelineItem.GetStart()
// and GetEnd() use), from Timeline.GetCurrentTimecode() and the timeline's frame rate. Pure.
'use strict';

/**
 * Frames of a SMPTE timecode `HH:MM:SS:FF` (`;` before the frames: drop-frame, 29.97/59.94).
 * @param {string} timecode
 * @param {number} fps the timeline frame rate (24, 23.976, 25, 29.97, ...)
 * @returns {number | null} null when the text is no timecode
 */
function timecodeToFrame(timecode, fps) {
  const match = /^(\d{1,2}):(\d{2}):(\d{2})([:;.,])(\d{2,3})$/.exec(String(timecode).trim());
  if (match === null || !(fps > 0)) return null;
  const [h, m, s, f] = [match[1], match[2], match[3], match[5]].map(Number);
  const nominal = Math.round(fps);
  const frames = (h * 3600 + m * 60 + s) * nominal + f;
  const dropFrame = match[4] === ';' || match[4] === ',';
  if (!dropFrame) return frames;
  // Drop-frame skips 2 frame numbers (4 at 59.94) each minute, except every tenth minute.
  const drop = Math.round(nominal / 15);
  const minutes = h * 60 + m;
  return frames - drop * (minutes - Math.floor(minutes / 10));
}

module.exports = { timecodeToFrame };
