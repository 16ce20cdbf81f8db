/** The header's note on the page's live stream: live, reconnecting, or nothing. */
export function setLive(state) {
  const el = document.getElementById('live');
  const text = { open: '● live', reconnecting: 'reconnecting…', error: 'live updates unavailable' }[state] || '';
  el.textContent = text;
  el.dataset.state = state || '';
}
