// The on-screen keyboard that kiosk/ui/keyboard.py embeds at the bottom of a kiosk window (in a QQuickWidget):
// Qt Virtual Keyboard's InputPanel, Pinyin (简体中文) and English, digits and symbols behind &123.
// The Python side sets the panel's width and the keys' height (bodyRatio = key area height / width) for the
// window's size and elder mode, and the locale the keyboard starts in; the strip is the window's full width.
import QtQuick
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Settings

Rectangle {
    id: root
    color: "#263238"  // the default style's keyboard background: the strip beside a narrower panel matches it
    property real panelWidth: 0  // set with bodyRatio, after it
    property real screenHeight: height  // the window's: the keyboard caps its height at half of it
    property real bodyRatio: 0.3125  // the default style's own (800 / 2560)
    property string startLocale: "zh_CN"
    onStartLocaleChanged: VirtualKeyboardSettings.locale = startLocale

    Item {  // the window's height, its bottom at the strip's: the keyboard measures the "screen" by its parent's parent
        width: root.width
        height: root.screenHeight
        anchors.bottom: root.bottom

        InputPanel {
            id: panel
            objectName: "inputPanel"
            width: root.panelWidth
            anchors.bottom: parent.bottom
            anchors.horizontalCenter: parent.horizontalCenter
            Binding {
                target: panel.keyboard.style
                property: "keyboardDesignHeight"
                value: panel.keyboard.style.keyboardDesignWidth * root.bodyRatio
            }
        }
    }

    Component.onCompleted: {
        VirtualKeyboardSettings.activeLocales = ["zh_CN", "en_US"]  // the language key switches 中 / EN
        VirtualKeyboardSettings.locale = root.startLocale
        VirtualKeyboardSettings.wordCandidateList.alwaysVisible = true  // the panel keeps one height
        panel.keyboard.noAnimations = true  // at once on a slow pad (and in a screenshot): no sliding candidates
    }
}
