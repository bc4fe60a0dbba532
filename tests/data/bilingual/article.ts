<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="uk">
<context>
    <name>article</name>
    <message id="m1"><source>Міст відкрили 13 вересня.</source><translation>The bridge opened on September 3.</translation></message>
    <message id="m2"><source>Роботи коштували 320 мільйонів гривень.</source><translation>The work cost 320 million hryvnias.</translation></message>
    <message id="m3"><source>Вночі обстріляли Харків.</source><translation>Shelling hit Kharkov overnight.</translation></message>
</context>
</TS>
