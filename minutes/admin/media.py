"""The admin's own stylesheet and scripts, shared by its pages."""

ADMIN_MEDIA_CSS = {"all": ["admin-extra/admin.css"]}
ADMIN_MEDIA_JS = ["admin/js/jquery.init.js", "admin-extra/inline-order.js"]
