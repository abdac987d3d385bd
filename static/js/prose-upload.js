// Image upload for the admin's body editor (django-prose-editor / Tiptap).
// A toolbar button picks a file, sends it to the admin upload view (which validates,
// resizes and stores it) and inserts the returned image into the body.
import { Extension } from "django-prose-editor/editor";

function csrfToken() {
  var input = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (input) return input.value;
  var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

function pickAndUpload(editor, uploadUrl) {
  var input = document.createElement("input");
  input.type = "file";
  input.accept = "image/jpeg,image/png,image/gif,image/webp";
  input.addEventListener("change", function () {
    if (!input.files || !input.files[0]) return;
    var data = new FormData();
    data.append("image", input.files[0]);
    fetch(uploadUrl, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken() },
    })
      .then(function (response) {
        return response.json().then(function (payload) {
          if (!response.ok) throw new Error(payload.error || response.statusText);
          return payload;
        });
      })
      .then(function (payload) {
        editor.chain().focus().setImage({ src: payload.url, alt: payload.alt || "" }).run();
      })
      .catch(function (error) {
        window.alert(error.message);
      });
  });
  input.click();
}

export const ImageUpload = Extension.create({
  name: "imageUpload",

  addOptions() {
    return { uploadUrl: "" };
  },

  addMenuItems({ buttons, menu }) {
    var uploadUrl = this.options.uploadUrl;
    menu.defineItem({
      name: "imageUpload",
      groups: "nodes",
      command: function (editor) { pickAndUpload(editor, uploadUrl); },
      button: buttons.material("image", "上传图片 / Upload image"),
    });
  },
});
