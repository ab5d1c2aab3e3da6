# Windows installer settings (not built in CI yet; see ../README.md).
# WiX (an .msi) is the default; NSIS (an .exe) works with the same settings:
#   cmake --build build --target package            (WiX Toolset 3 on PATH)
#   cpack --config build/CPackConfig.cmake -G NSIS
set(CPACK_GENERATOR "WIX")
# Fixed forever: lets a newer .msi upgrade an older installation in place.
set(CPACK_WIX_UPGRADE_GUID "6E1B7D53-3C1F-4F0B-9B7E-2C5D8A4F9E21")
set(CPACK_WIX_PRODUCT_ICON "${PROJECT_SOURCE_DIR}/resources/icons/recoverydesk.ico")
set(CPACK_WIX_PROGRAM_MENU_FOLDER "RecoveryDesk")
set(CPACK_WIX_PROPERTY_ARPURLINFOABOUT "${PROJECT_HOMEPAGE_URL}")
set(CPACK_NSIS_DISPLAY_NAME "RecoveryDesk")
set(CPACK_NSIS_PACKAGE_NAME "RecoveryDesk ${PROJECT_VERSION}")
set(CPACK_NSIS_URL_INFO_ABOUT "${PROJECT_HOMEPAGE_URL}")
set(CPACK_NSIS_MUI_ICON "${PROJECT_SOURCE_DIR}/resources/icons/recoverydesk.ico")
set(CPACK_NSIS_MODIFY_PATH ON) # puts recoverydesk-cli on PATH
set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
