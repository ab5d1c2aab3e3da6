# macOS bundle and disk image settings (not built in CI yet; see ../README.md).
#   cmake --build build --target package      (on macOS, Qt from the online installer or Homebrew)
# The app target is a MACOSX_BUNDLE (app/desktop/CMakeLists.txt); macdeployqt copies Qt into it
# before CPack wraps it in a .dmg.
set(CPACK_GENERATOR "DragNDrop")
set(CPACK_DMG_VOLUME_NAME "RecoveryDesk ${PROJECT_VERSION}")
set(CPACK_DMG_FORMAT "UDZO")
set(MACOSX_BUNDLE_BUNDLE_NAME "RecoveryDesk")
set(MACOSX_BUNDLE_GUI_IDENTIFIER "example.recoverydesk.RecoveryDesk")
set(MACOSX_BUNDLE_BUNDLE_VERSION "${PROJECT_VERSION}")
set(MACOSX_BUNDLE_SHORT_VERSION_STRING "${PROJECT_VERSION}")
set(MACOSX_BUNDLE_ICON_FILE "recoverydesk.icns")
set(MACOSX_BUNDLE_COPYRIGHT "RecoveryDesk maintainers")
