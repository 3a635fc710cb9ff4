// Sandboxed preload: the panel page gets exactly these calls, nothing of Node or Resolve.
const { contextBridge, ipcRenderer } = require('electron');

contextBridge.exposeInMainWorld('liberoResolve', {
  send: () => ipcRenderer.invoke('libero:send'),
  placeRegenMarker: (note) => ipcRenderer.invoke('libero:regen-marker', String(note ?? '')),
  bringBack: () => ipcRenderer.invoke('libero:bring-back'),
  connect: (url, token) => ipcRenderer.invoke('libero:connect', { url, token }),
});
