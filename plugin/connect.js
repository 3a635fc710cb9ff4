// The connect form of the Resolve plugin (shown when no service answers with the saved token).
const form = document.getElementById('connect');
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const result = await window.liberoResolve.connect(
    form.elements.url.value,
    form.elements.token.value,
  );
  const box = document.getElementById('error');
  box.hidden = result.ok;
  if (!result.ok) box.textContent = `${result.error.code}: ${result.error.message}`;
});
