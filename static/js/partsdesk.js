// Small progressive enhancements; every page works without them.
document.addEventListener("DOMContentLoaded", () => {
  // Registration: company details only for a legal entity.
  const form = document.getElementById("register-form");
  if (form) {
    const legal = form.querySelector(".legal-only");
    const sync = () => {
      const kind = form.querySelector("input[name=kind]:checked");
      legal.hidden = !kind || kind.value !== "legal_entity";
    };
    form.addEventListener("change", sync);
    sync();
  }
});
