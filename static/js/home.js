// Home page headline carousel. Without JavaScript the slides scroll sideways and the
// numbered links jump to each slide; this adds previous/next buttons and marks the
// current slide.
(function () {
  "use strict";

  function setUp(carousel) {
    var track = carousel.querySelector(".carousel-track");
    var slides = Array.prototype.slice.call(carousel.querySelectorAll(".carousel-slide"));
    var dots = Array.prototype.slice.call(carousel.querySelectorAll(".carousel-dots a"));
    var prev = carousel.querySelector(".carousel-prev");
    var next = carousel.querySelector(".carousel-next");
    if (!track || slides.length < 2) return;
    var current = 0;
    var smooth = !(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);

    // Slides are never aria-hidden: they hold links, and a focusable element inside
    // aria-hidden is lost to screen readers. The dots follow whatever is in view,
    // whether it got there by a button, a swipe or the keyboard's focus.
    function mark(index) {
      current = index;
      dots.forEach(function (dot, i) {
        if (i === current) dot.setAttribute("aria-current", "true");
        else dot.removeAttribute("aria-current");
      });
    }

    function show(index) {
      mark((index + slides.length) % slides.length);
      track.scrollTo({ left: slides[current].offsetLeft - track.offsetLeft, behavior: smooth ? "smooth" : "auto" });
    }

    var pending = false;
    track.addEventListener("scroll", function () {
      if (pending) return;
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        var index = Math.round(track.scrollLeft / Math.max(track.clientWidth, 1));
        mark(Math.min(Math.max(index, 0), slides.length - 1));
      });
    });

    prev.hidden = false;
    next.hidden = false;
    prev.addEventListener("click", function () { show(current - 1); });
    next.addEventListener("click", function () { show(current + 1); });
    dots.forEach(function (dot, i) {
      dot.addEventListener("click", function (event) {
        event.preventDefault();
        show(i);
      });
    });
    // A headline reached with Tab is brought wholly into view (the browser alone may leave
    // it a fraction of a pixel inside the edge, i.e. out of sight).
    track.addEventListener("focusin", function (event) {
      var index = slides.indexOf(event.target.closest(".carousel-slide"));
      if (index >= 0) show(index);
    });
    carousel.addEventListener("keydown", function (event) {
      if (event.key === "ArrowLeft") show(current - 1);
      if (event.key === "ArrowRight") show(current + 1);
    });
    mark(0);
  }

  function init() {
    document.querySelectorAll("[data-carousel]").forEach(setUp);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
