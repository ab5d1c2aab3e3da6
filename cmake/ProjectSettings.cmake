# One INTERFACE target carries every setting the project's own targets share.
add_library(rd_settings INTERFACE)
add_library(RecoveryDesk::settings ALIAS rd_settings)

target_compile_features(rd_settings INTERFACE cxx_std_20)
target_compile_definitions(rd_settings INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CONTEXTLESS_CONNECT
    QT_NO_FOREACH
    QT_DISABLE_DEPRECATED_UP_TO=0x060400
    RD_VERSION="${PROJECT_VERSION}")
target_compile_options(rd_settings INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align
    -Woverloaded-virtual -Wformat=2 -Wimplicit-fallthrough
    -fstack-protector-strong
    $<$<NOT:$<CONFIG:Debug>>:-U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=2>)
target_link_options(rd_settings INTERFACE -Wl,-z,relro -Wl,-z,now)
set(CMAKE_POSITION_INDEPENDENT_CODE ON)

option(RD_WARNINGS_AS_ERRORS "Treat compiler warnings as errors" OFF)
if(RD_WARNINGS_AS_ERRORS)
    target_compile_options(rd_settings INTERFACE -Werror)
endif()

if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
    set(CMAKE_BUILD_TYPE RelWithDebInfo CACHE STRING "Build type" FORCE)
endif()

# Precompiled Qt and standard headers for the two big libraries: most of their compile time
# is parsing the same Qt headers again and again (CI builds everything from scratch, twice).
# ccache needs CCACHE_SLOPPINESS=pch_defines,time_macros to cache these (tools/rd.sh sets it).
option(RD_PRECOMPILED_HEADERS "Precompile common headers of core and ui" ON)
set(RD_PCH_CORE
    <QByteArray> <QDateTime> <QHash> <QJsonArray> <QJsonDocument> <QJsonObject> <QList> <QMap>
    <QSqlDatabase> <QSqlQuery> <QString> <QStringList> <QVariant>
    <functional> <memory> <optional> <vector>)
set(RD_PCH_UI
    ${RD_PCH_CORE}
    <QAbstractTableModel> <QComboBox> <QHBoxLayout> <QHeaderView> <QLabel> <QLineEdit>
    <QPushButton> <QTableView> <QVBoxLayout> <QWidget>)
