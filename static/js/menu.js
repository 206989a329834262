/* The header's menu groups (details.dropdown): one open at a time; Escape or a click
   elsewhere closes it. Without this script the groups still open and close. */
document.addEventListener("DOMContentLoaded", () => {
  const groups = Array.from(document.querySelectorAll(".site-header details.dropdown"));
  groups.forEach((group) => {
    group.addEventListener("toggle", () => {
      if (group.open) groups.filter((other) => other !== group).forEach((other) => { other.open = false; });
    });
  });
  document.addEventListener("keydown", (event) => {
    const open = groups.find((group) => group.open);
    if (event.key === "Escape" && open) {
      open.open = false;
      open.querySelector("summary").focus();
    }
  });
  document.addEventListener("click", (event) => {
    groups.filter((group) => group.open && !group.contains(event.target)).forEach((group) => { group.open = false; });
  });
});
