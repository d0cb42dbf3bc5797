import AVRHost

// Started by avr-host for each entry with "isolation": "process"; not meant to be run by hand.
PluginRunnerMain.run()
