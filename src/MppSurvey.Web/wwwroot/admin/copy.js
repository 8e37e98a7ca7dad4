// Copy buttons of the admin pages (a secret shown once): the text of the element named by data-copy
// goes to the clipboard; where the clipboard is refused, the text is selected for Ctrl+C instead.
document.addEventListener('click', e => {
  const button = e.target.closest('button[data-copy]');
  if (!button) return;
  const source = document.getElementById(button.dataset.copy);
  if (!source) return;
  const select = () => {
    const range = document.createRange();
    range.selectNodeContents(source);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
  };
  const done = () => { button.textContent = button.dataset.done || button.textContent; };
  if (navigator.clipboard) navigator.clipboard.writeText(source.textContent.trim()).then(done, select);
  else select();
});
