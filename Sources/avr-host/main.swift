import AVRHost
