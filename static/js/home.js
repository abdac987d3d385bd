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
      track.scrollTo({ left: slides[current].offsetLeft - track.offsetLeft, behavior: "smooth" });
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
